//! Serving connections so that slow or idle clients cannot pile up: a client has a limited
//! time to send each request's headers (which also closes idle keep-alive connections), and
//! the number of open connections is bounded. A connection over the bound waits in the
//! kernel's backlog until one closes.
//!
//! With a certificate and key (`--tls-cert`, `--tls-key`) every connection is HTTPS. The
//! handshake is made inside the connection's own task and within the header timeout, so a
//! client that starts one and never finishes holds its slot no longer than a slow sender.

use crate::access::ConnectionEnds;
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::server::graceful::Watcher;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_rustls::rustls::crypto::ring;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::ServerConfig;
pub use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;

/// How clients are held to account.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// How long a client may take to send a request's headers, and how long a kept-alive
    /// connection may stay idle.
    pub header_timeout: Duration,
    /// How many connections may be open at once.
    pub max_connections: usize,
}

/// How long connections still open at shutdown may take to finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Set on every request that came over a TLS connection this server terminated, so that
/// what depends on HTTPS (the session cookie's `Secure`) knows without trusting a header.
#[derive(Clone, Copy, Debug)]
pub struct OverTls;

/// The acceptor for HTTPS with the certificate chain in `cert` and the private key in
/// `key`, both PEM. Errors name the file (and its option) at fault.
pub fn tls_acceptor(cert: &Path, key: &Path) -> Result<TlsAcceptor, String> {
    let chain = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| {
            format!(
                "cannot read the TLS certificate {} (--tls-cert): {e}",
                cert.display()
            )
        })?;
    if chain.is_empty() {
        return Err(format!(
            "{} (--tls-cert) holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
            cert.display()
        ));
    }
    let private = PrivateKeyDer::from_pem_file(key).map_err(|e| {
        format!(
            "cannot read the TLS private key {} (--tls-key): {e}; it must be a PEM private key \
             (PKCS#8, PKCS#1 or SEC1)",
            key.display()
        )
    })?;
    // ring named outright: the process holds more than one rustls user, and no default
    // provider is installed.
    let mut config = ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("cannot set up TLS: {e}"))?
        .with_no_client_auth()
        .with_single_cert(chain, private)
        .map_err(|e| {
            format!(
                "the TLS private key {} (--tls-key) cannot serve the certificate {} \
                 (--tls-cert): {e}",
                key.display(),
                cert.display()
            )
        })?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}

/// Serves `app` on `listener` within `limits`, over TLS when `tls` is given, until
/// `shutdown` completes, then lets open connections finish for a moment.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    tls: Option<TlsAcceptor>,
    shutdown: impl Future<Output = ()>,
) {
    // HTTP/1.1 only, as the SDKs and the console speak it: a server that also took HTTP/2
    // would first wait, with no time limit, for the bytes that tell the two apart.
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let builder = Arc::new(builder);
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors or a connection reset before it was taken: the
                // listener itself is fine.
                Err(error) => {
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let connection = Connection {
            app: app.clone(),
            builder: Arc::clone(&builder),
            watcher: graceful.watcher(),
            slot,
            ends: ConnectionEnds::of(&stream, peer),
            tls: tls.is_some(),
        };
        match tls.clone() {
            None => {
                tokio::spawn(connection.serve(stream));
            }
            Some(acceptor) => {
                let handshake =
                    tokio::time::timeout(limits.header_timeout, acceptor.accept(stream));
                tokio::spawn(async move {
                    // A client that is not speaking TLS, or too slowly, is dropped with its slot.
                    if let Ok(Ok(stream)) = handshake.await {
                        connection.serve(stream).await;
                    }
                });
            }
        }
    }
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await;
}

/// An accepted connection and what serving it takes; its slot is freed when it ends.
struct Connection {
    app: Router,
    builder: Arc<http1::Builder>,
    watcher: Watcher,
    slot: OwnedSemaphorePermit,
    ends: ConnectionEnds,
    tls: bool,
}

impl Connection {
    async fn serve<S>(self, stream: S)
    where
        S: AsyncRead + AsyncWrite + Send + Unpin + 'static,
    {
        let Connection {
            app,
            builder,
            watcher,
            slot: _slot,
            ends,
            tls,
        } = self;
        let service = app.map_request(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(ends));
            if tls {
                request.extensions_mut().insert(OverTls);
            }
            request
        });
        let connection =
            builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        // A client that goes away or is timed out ends its connection; nothing to report.
        let _ = watcher.watch(connection).await;
    }
}
