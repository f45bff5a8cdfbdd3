//! The accept loop. It is axum's `serve` plus what that one does not offer: a deadline for
//! the request headers and another for the body, so a client that sends slowly (or never
//! finishes) loses its connection instead of holding it open forever.

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use futures_util::StreamExt;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tower::ServiceExt;

/// Serves `app` on `listener` until `stop` fires, then waits for the open connections'
/// in-flight requests to finish.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    read_timeout: Duration,
    mut stop: oneshot::Receiver<()>,
) {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(read_timeout);
    builder.http2().timer(TokioTimer::new());
    let graceful = GracefulShutdown::new();
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: wait a little instead of spinning.
                Err(e) => {
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let app = app.clone();
        let service = TowerToHyperService::new(tower::service_fn(move |request: Request<_>| {
            let request = request.map(|body| with_deadline(Body::new(body), read_timeout));
            app.clone().oneshot(request)
        }));
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), service)
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!("connection ended: {e}");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// The body, failing once `timeout` has passed since the request arrived: a declared
/// `Content-Length` of a terabyte with one byte sent ends there.
fn with_deadline(body: Body, timeout: Duration) -> Body {
    let deadline = tokio::time::Instant::now() + timeout;
    let chunks =
        futures_util::stream::unfold(Some(body.into_data_stream()), move |rest| async move {
            let mut rest = rest?;
            match tokio::time::timeout_at(deadline, rest.next()).await {
                Ok(Some(chunk)) => Some((chunk.map_err(axum::BoxError::from), Some(rest))),
                Ok(None) => None,
                Err(_) => Some((
                    Err(axum::BoxError::from(std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        "the request body did not arrive in time",
                    ))),
                    None,
                )),
            }
        });
    Body::from_stream(chunks)
}
