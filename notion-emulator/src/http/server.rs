//! The accept loop. It is axum's `serve` plus what that one does not offer: a deadline for
//! the request headers and another for the body, so a client that sends slowly (or never
//! finishes) loses its connection instead of holding it open forever; and Notion's JSON error
//! for a request line too long for hyper, which would otherwise answer an empty `414`.

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use futures_util::StreamExt;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tower::ServiceExt;

use crate::notion::error::ApiError;

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
        let (builder, watcher) = (builder.clone(), graceful.watcher());
        tokio::spawn(async move {
            let mut stream = stream;
            if request_line_too_long(&stream, read_timeout).await {
                refuse_long_request_line(&mut stream).await;
                return;
            }
            let connection = builder
                .serve_connection_with_upgrades(TokioIo::new(stream), service)
                .into_owned();
            if let Err(e) = watcher.watch(connection).await {
                tracing::debug!("connection ended: {e}");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// The longest request URI hyper parses; a longer one gets hyper's own empty `414`.
const MAX_URI: usize = u16::MAX as usize - 1;

/// Whether the first request line on `stream` is longer than hyper accepts. It looks without
/// consuming (`peek`), so hyper still reads the request from the start. A normal request line
/// is answered by the first look.
async fn request_line_too_long(stream: &TcpStream, read_timeout: Duration) -> bool {
    let look = async {
        let mut buf = vec![0u8; 4096];
        loop {
            let Ok(seen) = stream.peek(&mut buf).await else {
                return false; // hyper reports the broken connection
            };
            if seen == 0 || buf[..seen].windows(2).any(|w| w == b"\r\n") {
                return false;
            }
            if seen > MAX_URI {
                return true;
            }
            if seen == buf.len() {
                buf.resize((buf.len() * 4).min(MAX_URI + 4096), 0);
            } else {
                // More of the line is on its way; peek again once it has had time to arrive.
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
    };
    tokio::time::timeout(read_timeout, look)
        .await
        .unwrap_or(false)
}

/// Answers a request line that is too long with Notion's JSON error, then closes.
async fn refuse_long_request_line(stream: &mut TcpStream) {
    use tokio::io::AsyncWriteExt;
    let request_id = uuid::Uuid::new_v4().to_string();
    let error = ApiError::new(
        axum::http::StatusCode::URI_TOO_LONG,
        "invalid_request_url",
        "The request URL is too long.",
    );
    let body = error.body(&request_id).to_string();
    let response = format!(
        "HTTP/1.1 414 URI Too Long\r\ncontent-type: application/json\r\n\
         x-notion-request-id: {request_id}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
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
