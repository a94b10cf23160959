//! A remote query engine over Arrow Flight SQL: Apache Doris (2.1+), StarRocks (3.5.1+), LakeSail's Sail, Dremio.
//! qlake sends it exactly what it sends DuckDB — one statement the gate let through. Its parameters are bound to a
//! prepared statement where the engine takes them (each `$name` becomes a `?`, and the values go as one Arrow row);
//! where it does not, each is rendered as a typed literal by [`literals::render`]. The result may come from several
//! endpoints at other locations (Doris hands results out from its BE nodes), and each is read from where the server
//! says.
//!
//! Credentials: `QLAKE_ENGINE_USER` and `QLAKE_ENGINE_PASSWORD` (never a command-line argument, so never in a shell's
//! history or `ps`); with a user and no password, qlake asks on the terminal without echo. TLS (`grpc+tls://`) trusts
//! the system's roots, or only the CA file in `QLAKE_ENGINE_CA` / `--engine-ca`.

pub use crate::core::sql::literals;

mod arrow_params;
mod columns;
mod errors;
mod reading;
use arrow_params::*;
use errors::*;
pub use errors::{NO_TERMINAL_FOR_PASSWORD, ask_passwords_with};

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::time::Duration;

use arrow::array::{ArrayRef, RecordBatch};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow_flight::error::FlightError;
use arrow_flight::sql::client::{FlightSqlServiceClient, PreparedStatement};
use arrow_flight::{FlightClient, FlightEndpoint, FlightInfo};
use futures::StreamExt;
use tonic::transport::{Certificate, Channel, ClientTlsConfig, Endpoint};

use crate::core::backend::{Backend, LakeColumn};
use crate::core::error::{Error, Result};
use crate::core::gate::CheckedSql;
use crate::core::sql::Value;
use literals::Dialect;

/// How long connecting may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Keepalive pings go out only while a call is open, and no more often than gRPC servers accept: Java and C-core
/// servers (Doris' and StarRocks' front ends among them) close a connection that pings more often than every five
/// minutes (`too_many_pings`); a 3 s ping cut off slow queries on busy engines. A ping unanswered for 20 s drops it.
const KEEPALIVE_INTERVAL: Duration = Duration::from_secs(300);
const KEEPALIVE_TIMEOUT: Duration = Duration::from_secs(20);
/// How long the engine may stay silent (no FlightInfo, no batch) before qlake gives up on the query, unless
/// `QLAKE_ENGINE_TIMEOUT` (seconds) says otherwise.
const SILENCE_LIMIT: Duration = Duration::from_secs(300);

/// [`SILENCE_LIMIT`], or `QLAKE_ENGINE_TIMEOUT` seconds.
fn silence_limit() -> Duration {
    std::env::var("QLAKE_ENGINE_TIMEOUT")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|s| *s > 0)
        .map(Duration::from_secs)
        .unwrap_or(SILENCE_LIMIT)
}

/// Where the engine is: `grpc://host:port` or `grpc+tls://host:port`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineAddress {
    pub url: String,
    pub tls: bool,
    /// The address tonic connects to (`http://` or `https://`).
    endpoint: String,
    /// How often a keepalive ping goes out while a call is open.
    keepalive: Duration,
}

impl EngineAddress {
    pub fn parse(url: &str) -> Result<EngineAddress> {
        let bad = |why: &str| {
            Error::Usage(format!(
                "engine address `{url}`: {why} (expected grpc://host:port or grpc+tls://host:port)"
            ))
        };
        let (tls, rest) = if let Some(rest) = url.strip_prefix("grpc+tls://") {
            (true, rest)
        } else if let Some(rest) = url
            .strip_prefix("grpc://")
            .or_else(|| url.strip_prefix("grpc+tcp://"))
        {
            (false, rest)
        } else {
            return Err(bad("unknown scheme"));
        };
        let authority = rest.trim_end_matches('/');
        if authority.contains(['/', '@', '?', '#']) {
            return Err(bad(
                "only a host and a port (credentials come from QLAKE_ENGINE_USER / QLAKE_ENGINE_PASSWORD)",
            ));
        }
        let port = authority
            .rsplit_once(':')
            .and_then(|(host, port)| (!host.is_empty()).then_some(port))
            .ok_or_else(|| bad("no port"))?;
        port.parse::<u16>()
            .map_err(|_| bad("the port is not a number"))?;
        Ok(EngineAddress {
            url: url.to_string(),
            tls,
            endpoint: format!("{}://{authority}", if tls { "https" } else { "http" }),
            keepalive: KEEPALIVE_INTERVAL,
        })
    }
}

/// Whether the engine binds a prepared statement's parameters: not yet known, yes, or no (then literals).
const BINDS_UNKNOWN: u8 = 0;
const BINDS: u8 = 1;
const BINDS_NOT: u8 = 2;

/// A connected Flight SQL engine.
pub struct RemoteEngine {
    address: EngineAddress,
    /// The roots a `grpc+tls` location's certificate must chain to (the CA given, else the system's).
    tls: ClientTlsConfig,
    runtime: tokio::runtime::Runtime,
    channel: Channel,
    /// The bearer token of the handshake, also sent to the other locations of a result.
    token: Option<String>,
    cancelled: Arc<AtomicBool>,
    /// The running query's FlightInfo: what a cancel names to the server.
    running: std::sync::Mutex<Option<FlightInfo>>,
    /// What the engine answered the first statement with parameters (`BINDS…`), shared by every connection to it.
    binds: Arc<AtomicU8>,
    /// How long the engine may stay silent during a query.
    silence: Duration,
    /// Where the lake's tables are on the engine: each is sent as `database.table` (`--engine-database`).
    database: Option<Vec<String>>,
    /// The SQL the engine reads (`--engine-dialect`): what every statement is written again in.
    dialect: Dialect,
    /// The last call failed because the connection was lost, not because the engine said no.
    lost: AtomicBool,
}

impl RemoteEngine {
    /// Connect and, with a user, hand over the credentials. Every failure is one line naming the engine.
    pub fn connect(url: &str, ca_file: Option<&Path>) -> Result<RemoteEngine> {
        let address = EngineAddress::parse(url)?;
        let tls = match ca_file {
            Some(path) => {
                let pem = std::fs::read(path).map_err(|e| Error::io(path, e))?;
                ClientTlsConfig::new().ca_certificate(Certificate::from_pem(pem))
            }
            None => ClientTlsConfig::new().with_native_roots(),
        };
        let binds = Arc::new(AtomicU8::new(BINDS_UNKNOWN));
        let mut engine = RemoteEngine::open(address, tls, None, binds)?;
        if let Some((user, password)) = credentials(url)? {
            let mut client = FlightSqlServiceClient::new(engine.channel.clone());
            engine
                .runtime
                .block_on(client.handshake(&user, &password))
                .map_err(|e| engine.failed("signing in", e))?;
            engine.token = client.token().cloned();
        }
        Ok(engine)
    }

    /// A connection of its own, on a client runtime of its own: a channel's background work runs on the runtime that
    /// opened it, which only turns while its own thread waits on it, so threads never share one.
    fn open(
        address: EngineAddress,
        tls: ClientTlsConfig,
        token: Option<String>,
        binds: Arc<AtomicU8>,
    ) -> Result<RemoteEngine> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| {
                Error::Invalid(format!(
                    "engine {}: cannot start its client: {e}",
                    address.url
                ))
            })?;
        let channel = runtime.block_on(open_channel(&address, &tls))?;
        Ok(RemoteEngine {
            address,
            tls,
            runtime,
            channel,
            token,
            cancelled: Arc::new(AtomicBool::new(false)),
            running: std::sync::Mutex::new(None),
            binds,
            silence: silence_limit(),
            database: None,
            dialect: Dialect::Spark,
            lost: AtomicBool::new(false),
        })
    }

    /// Keepalive pings every `interval` while a call is open (the default: [`KEEPALIVE_INTERVAL`]): for tests that
    /// watch the pings on the wire. The connection is opened again.
    #[doc(hidden)]
    pub fn with_keepalive(mut self, interval: Duration) -> Result<RemoteEngine> {
        self.address.keepalive = interval;
        self.channel = self
            .runtime
            .block_on(open_channel(&self.address, &self.tls))?;
        Ok(self)
    }

    /// Waits `span` with the connection's runtime turning and no call open: how a test sees what an idle connection
    /// sends when something drives it (a client on a runtime of many threads would).
    #[doc(hidden)]
    pub fn idle_for(&self, span: Duration) {
        self.runtime
            .block_on(async move { tokio::time::sleep(span).await });
    }

    /// Another limit on the engine's silence during a query (the default: [`SILENCE_LIMIT`] or
    /// `QLAKE_ENGINE_TIMEOUT`).
    pub fn with_silence_limit(mut self, limit: Duration) -> RemoteEngine {
        self.silence = limit;
        self
    }

    /// The lake's tables are in `database` on the engine (`catalog.database` for an external catalog): each is sent
    /// qualified. A name part that is empty is refused, naming it.
    pub fn with_database(mut self, database: Option<&str>) -> Result<RemoteEngine> {
        self.database = match database.map(str::trim).filter(|d| !d.is_empty()) {
            None => None,
            Some(name) => {
                let parts: Vec<String> = name.split('.').map(|p| p.trim().to_string()).collect();
                if parts.iter().any(String::is_empty) || parts.len() > 2 {
                    return Err(Error::Usage(format!(
                        "--engine-database {name:?}: give a database, or catalog.database"
                    )));
                }
                Some(parts)
            }
        };
        Ok(self)
    }

    /// The engine reads `dialect` (Spark SQL unless said: Sail's and Spark's; MySQL's for Doris and StarRocks).
    pub fn with_dialect(mut self, dialect: Dialect) -> RemoteEngine {
        self.dialect = dialect;
        self
    }

    /// `sql` as this engine reads it (see [`literals::engine_text`]).
    fn engine_text(&self, sql: &CheckedSql) -> Result<String> {
        literals::engine_text(sql, self.dialect, self.database.as_deref())
    }

    /// `work`, or the error that says the engine stayed silent longer than it may.
    async fn answered<T>(
        &self,
        context: &str,
        work: impl std::future::Future<Output = T>,
    ) -> Result<T> {
        tokio::time::timeout(self.silence, work).await.map_err(|_| {
            self.failed(
                context,
                format!(
                    "the engine did not answer for {} s (QLAKE_ENGINE_TIMEOUT sets how long qlake waits)",
                    self.silence.as_secs()
                ),
            )
        })
    }

    fn failed(&self, doing: &str, e: impl std::fmt::Display) -> Error {
        remote_error(&self.address.url, doing, e)
    }

    /// [`RemoteEngine::failed`] for a call's error, remembering when the connection itself was lost (the engine
    /// restarted, a proxy between dropped it) rather than the engine answering with an error.
    fn flight_failed(&self, doing: &str, e: FlightError) -> Error {
        let lost = match &e {
            FlightError::Tonic(status) => {
                let mut cause = std::error::Error::source(status.as_ref());
                let mut transport = false;
                while let Some(c) = cause {
                    transport |= c.downcast_ref::<tonic::transport::Error>().is_some();
                    cause = c.source();
                }
                transport
            }
            _ => false,
        };
        if lost {
            self.lost.store(true, Ordering::SeqCst);
        }
        self.failed(doing, e)
    }

    fn sql_client(&self) -> FlightSqlServiceClient<Channel> {
        let mut client = FlightSqlServiceClient::new(self.channel.clone());
        if let Some(token) = &self.token {
            client.set_token(token.clone());
        }
        client
    }

    /// Runs `work` until it ends or the query is cancelled; a cancelled query is also cancelled on the server. No
    /// query is running afterwards, however it ended.
    fn until_cancelled<T>(&self, work: impl std::future::Future<Output = Result<T>>) -> Result<T> {
        let result = self.run_or_cancel(work);
        if let Ok(mut running) = self.running.lock() {
            *running = None;
        }
        result
    }

    fn run_or_cancel<T>(&self, work: impl std::future::Future<Output = Result<T>>) -> Result<T> {
        self.cancelled.store(false, Ordering::SeqCst);
        let flag = Arc::clone(&self.cancelled);
        let watch = async move {
            while !flag.load(Ordering::SeqCst) {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        };
        self.runtime.block_on(async {
            let work = Box::pin(work);
            let watch = Box::pin(watch);
            match futures::future::select(work, watch).await {
                futures::future::Either::Left((result, _)) => result,
                futures::future::Either::Right((_, work)) => {
                    // Dropping the work drops its result stream, which resets the call on the engine (it stops
                    // sending); the reset is written by the connection's task, which runs only while this runtime
                    // is driven, so it is driven on: through the CancelFlightInfo call, then a moment more.
                    drop(work);
                    self.cancel_on_server().await;
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    Err(Error::Interrupted)
                }
            }
        })
    }

    /// Flight SQL's CancelFlightInfo for the query that was running, so the engine stops working on it too. Best
    /// effort and bounded: an engine that does not answer (or is gone) does not hold up the user's cancel.
    async fn cancel_on_server(&self) {
        const CANCEL_WAIT: Duration = Duration::from_secs(2);
        let Some(info) = self.running.lock().ok().and_then(|mut r| r.take()) else {
            return;
        };
        let mut client = FlightClient::new(self.channel.clone());
        if let Some(token) = &self.token
            && client
                .add_header("authorization", &format!("Bearer {token}"))
                .is_err()
        {
            return;
        }
        let request = arrow_flight::CancelFlightInfoRequest::new(info);
        let _ = tokio::time::timeout(CANCEL_WAIT, client.cancel_flight_info(request)).await;
    }
}

impl Backend for RemoteEngine {
    fn interrupt(&self) -> crate::core::backend::Interrupt {
        let cancelled = Arc::clone(&self.cancelled);
        Arc::new(move || cancelled.store(true, Ordering::SeqCst))
    }

    fn columns(&self) -> Result<Vec<LakeColumn>> {
        self.until_cancelled(self.engine_columns())
    }

    fn connection(&self) -> Result<Box<dyn Backend + Send>> {
        Ok(Box::new(
            RemoteEngine::open(
                self.address.clone(),
                self.tls.clone(),
                self.token.clone(),
                Arc::clone(&self.binds),
            )
            .map(|engine| RemoteEngine {
                silence: self.silence,
                database: self.database.clone(),
                dialect: self.dialect,
                ..engine
            })?,
        ))
    }

    fn source(&self) -> String {
        self.address.url.clone()
    }

    fn dialect(&self) -> &'static str {
        self.dialect.name()
    }

    fn stream_up_to(
        &self,
        sql: &CheckedSql,
        params: &[(String, Value)],
        context: &str,
        max_rows: Option<usize>,
        sink: &mut dyn FnMut(&RecordBatch) -> Result<()>,
    ) -> Result<SchemaRef> {
        // A connection lost before any row arrived (the engine restarted since the last query) is opened again and
        // the statement sent once more: it only reads, so sending it twice changes nothing.
        self.lost.store(false, Ordering::SeqCst);
        let mut delivered = false;
        let first = {
            let mut counted = |batch: &RecordBatch| {
                delivered = true;
                sink(batch)
            };
            self.until_cancelled(self.run(sql, params, context, max_rows, &mut counted))
        };
        match first {
            Err(_) if !delivered && self.lost.swap(false, Ordering::SeqCst) => {
                self.until_cancelled(self.run(sql, params, context, max_rows, sink))
            }
            first => first,
        }
    }
}

/// A connection to `address`, over TLS with `tls` when its scheme says so.
async fn open_channel(address: &EngineAddress, tls: &ClientTlsConfig) -> Result<Channel> {
    let url = &address.url;
    let mut builder = Endpoint::from_shared(address.endpoint.clone())
        .map_err(|e| remote_error(url, "connecting", e))?
        .connect_timeout(CONNECT_TIMEOUT)
        .http2_keep_alive_interval(address.keepalive)
        .keep_alive_timeout(KEEPALIVE_TIMEOUT)
        .keep_alive_while_idle(false);
    if address.tls {
        builder = builder
            .tls_config(tls.clone())
            .map_err(|e| remote_error(url, "setting up TLS", e))?;
    }
    builder
        .connect()
        .await
        .map_err(|e| remote_error(url, "connecting", causes(&e)))
}

#[cfg(test)]
mod tests;
