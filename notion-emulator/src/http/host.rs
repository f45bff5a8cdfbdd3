//! DNS rebinding protection: an emulator bound to loopback answers only requests addressed to a
//! loopback host, so a web page that points its own domain at 127.0.0.1 cannot drive it.

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;

use crate::http::faults::error_response;
use crate::notion::error::ApiError;
use crate::world::state::AppState;

/// Refuses requests whose `Host` is not a loopback name while the emulator listens on
/// loopback only. An emulator bound elsewhere was exposed on purpose and accepts any host.
pub(crate) async fn loopback_hosts_only(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| request.uri().host());
    if state.config.bind.ip().is_loopback() && !host.is_some_and(is_loopback_host) {
        return error_response(ApiError::new(
            axum::http::StatusCode::FORBIDDEN,
            "restricted_resource",
            "This emulator listens on loopback and only answers requests for localhost, \
             127.0.0.1 or [::1].",
        ));
    }
    next.run(request).await
}

/// `localhost`, `*.localhost`, or a loopback IP, with or without a port.
fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        // [::1]:port
        Some(rest) => rest.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::is_loopback_host;

    #[test]
    fn loopback_names_and_addresses_are_recognised() {
        for host in [
            "localhost",
            "localhost:7447",
            "127.0.0.1:1",
            "[::1]:8080",
            "api.localhost",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:7447",
            "10.0.0.1",
            "localhost.evil.example",
            "",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }
}
