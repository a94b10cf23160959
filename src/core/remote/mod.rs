//! A remote query engine over Arrow Flight SQL: Apache Doris (2.1+), StarRocks (3.5.1+), LakeSail's Sail, Dremio.
//! qlake sends it exactly what it sends DuckDB — one statement the gate let through — with each parameter rendered as
//! a typed literal by [`literals::render`]; the result may come from several endpoints at other locations (Doris
//! hands results out from its BE nodes), and each is read from where the server says.
//!
//! Credentials: `QLAKE_ENGINE_USER` and `QLAKE_ENGINE_PASSWORD` (never a command-line argument, so never in a shell's
//! history or `ps`); with a user and no password, qlake asks on the terminal without echo. TLS (`grpc+tls://`) trusts
//! the system's roots, or only the CA file in `QLAKE_ENGINE_CA` / `--engine-ca`.

pub mod literals;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use arrow::array::RecordBatch;
use arrow::datatypes::SchemaRef;
use arrow_flight::sql::client::FlightSqlServiceClient;
use arrow_flight::{FlightClient, FlightEndpoint, FlightInfo};
use futures::StreamExt;
use tonic::transport::{Certificate, Channel, ClientTlsConfig, Endpoint};

use crate::core::backend::Backend;
use crate::core::engine::Value;
use crate::core::error::{Error, Result};
use crate::core::gate::CheckedSql;
use literals::Dialect;

/// How long connecting may take, and how long a silent connection lives before it counts as dropped.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const KEEPALIVE: Duration = Duration::from_secs(3);

/// Where the engine is: `grpc://host:port` or `grpc+tls://host:port`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineAddress {
    pub url: String,
    pub tls: bool,
    /// The address tonic connects to (`http://` or `https://`).
    endpoint: String,
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
        })
    }
}

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
}

impl RemoteEngine {
    /// The SQL it sends (a saved query's `-- engines:` name): Spark SQL, which Sail and Spark read; statements are
    /// rendered for it by `literals`.
    pub const DIALECT: &'static str = crate::core::queries::SPARK;

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
        let mut engine = RemoteEngine::open(address, tls, None)?;
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
        })
    }

    fn failed(&self, doing: &str, e: impl std::fmt::Display) -> Error {
        remote_error(&self.address.url, doing, e)
    }

    fn sql_client(&self) -> FlightSqlServiceClient<Channel> {
        let mut client = FlightSqlServiceClient::new(self.channel.clone());
        if let Some(token) = &self.token {
            client.set_token(token.clone());
        }
        client
    }

    /// The batches of one endpoint, read from its own location when it names one.
    async fn read_endpoint(
        &self,
        endpoint: &FlightEndpoint,
        context: &str,
        sink: &mut dyn FnMut(&RecordBatch) -> Result<()>,
        schema: &mut Option<SchemaRef>,
        left: &mut Option<usize>,
    ) -> Result<()> {
        let ticket = endpoint.ticket.clone().ok_or_else(|| {
            self.failed(context, "the server returned an endpoint without a ticket")
        })?;
        let elsewhere = endpoint
            .location
            .iter()
            .map(|l| l.uri.as_str())
            .find(|uri| !uri.starts_with("arrow-flight-reuse-connection:"));
        let channel = match elsewhere {
            None => self.channel.clone(),
            Some(uri) => {
                let there = EngineAddress::parse(uri)
                    .map_err(|e| self.failed(context, format!("a result location it gave: {e}")))?;
                // A location's own scheme says whether it speaks TLS; the CA given for the engine holds for it too.
                open_channel(&there, &self.tls).await?
            }
        };
        let mut client = FlightClient::new(channel);
        if let Some(token) = &self.token {
            client
                .add_header("authorization", &format!("Bearer {token}"))
                .map_err(|e| self.failed(context, e))?;
        }
        let mut stream = client
            .do_get(ticket)
            .await
            .map_err(|e| self.failed(context, e))?;
        while let Some(batch) = stream.next().await {
            if self.cancelled.load(Ordering::SeqCst) {
                return Err(Error::Interrupted);
            }
            let batch = batch.map_err(|e| self.failed(context, e))?;
            schema.get_or_insert_with(|| batch.schema());
            sink(&batch)?;
            if let Some(n) = left {
                *n = n.saturating_sub(batch.num_rows());
                if *n == 0 {
                    // Dropping the stream ends the transfer: the rest is never read.
                    break;
                }
            }
        }
        Ok(())
    }

    async fn run(
        &self,
        sql: &str,
        context: &str,
        max_rows: Option<usize>,
        sink: &mut dyn FnMut(&RecordBatch) -> Result<()>,
    ) -> Result<SchemaRef> {
        let info: FlightInfo = self
            .sql_client()
            .execute(sql.to_string(), None)
            .await
            .map_err(|e| self.failed(context, e))?;
        if let Ok(mut running) = self.running.lock() {
            *running = Some(info.clone());
        }
        let mut schema = None;
        let mut left = max_rows;
        for endpoint in &info.endpoint {
            if left == Some(0) {
                break;
            }
            self.read_endpoint(endpoint, context, sink, &mut schema, &mut left)
                .await?;
        }
        match schema {
            Some(schema) => Ok(schema),
            None => info
                .try_decode_schema()
                .map(Arc::new)
                .map_err(|e| self.failed(context, e)),
        }
    }

    /// Runs `work` until it ends or the query is cancelled; a cancelled query is also cancelled on the server.
    fn until_cancelled<T>(&self, work: impl std::future::Future<Output = Result<T>>) -> Result<T> {
        self.cancelled.store(false, Ordering::SeqCst);
        let flag = Arc::clone(&self.cancelled);
        let watch = async move {
            while !flag.load(Ordering::SeqCst) {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        };
        self.runtime.block_on(async {
            futures::pin_mut!(work);
            futures::pin_mut!(watch);
            match futures::future::select(work, watch).await {
                futures::future::Either::Left((result, _)) => result,
                futures::future::Either::Right(_) => {
                    self.cancel_on_server().await;
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

    fn connection(&self) -> Result<Box<dyn Backend + Send>> {
        Ok(Box::new(RemoteEngine::open(
            self.address.clone(),
            self.tls.clone(),
            self.token.clone(),
        )?))
    }

    fn source(&self) -> String {
        self.address.url.clone()
    }

    fn dialect(&self) -> &'static str {
        Self::DIALECT
    }

    fn stream_up_to(
        &self,
        sql: &CheckedSql,
        params: &[(String, Value)],
        context: &str,
        max_rows: Option<usize>,
        sink: &mut dyn FnMut(&RecordBatch) -> Result<()>,
    ) -> Result<SchemaRef> {
        let statement = literals::spark_text(&literals::render(sql, params, Dialect::Spark)?);
        let result = self.until_cancelled(self.run(&statement, context, max_rows, sink));
        if let Ok(mut running) = self.running.lock() {
            *running = None;
        }
        result
    }
}

/// A connection to `address`, over TLS with `tls` when its scheme says so.
async fn open_channel(address: &EngineAddress, tls: &ClientTlsConfig) -> Result<Channel> {
    let url = &address.url;
    let mut builder = Endpoint::from_shared(address.endpoint.clone())
        .map_err(|e| remote_error(url, "connecting", e))?
        .connect_timeout(CONNECT_TIMEOUT)
        .http2_keep_alive_interval(KEEPALIVE)
        .keep_alive_timeout(KEEPALIVE)
        .keep_alive_while_idle(true);
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

/// An error with the reasons under it ("transport error: … Connection refused"): the top line alone says too little.
fn causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut under = e.source();
    while let Some(cause) = under {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        under = cause.source();
    }
    text
}

/// One line: what failed, at which engine, and the deepest reason the transport gives.
fn remote_error(url: &str, doing: &str, e: impl std::fmt::Display) -> Error {
    let message = e.to_string().replace('\n', " ");
    let message = message.trim().to_string();
    Error::Query {
        context: format!("engine {url}: {doing}"),
        message,
    }
}

/// The user and password, when a user is given: from the environment, or the password asked on the terminal.
fn credentials(url: &str) -> Result<Option<(String, String)>> {
    let Some(user) = std::env::var("QLAKE_ENGINE_USER")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        return Ok(None);
    };
    if let Ok(password) = std::env::var("QLAKE_ENGINE_PASSWORD") {
        return Ok(Some((user, password)));
    }
    let password = ask_password(&format!("password for {user} at {url}: "))?;
    Ok(Some((user, password)))
}

/// Reads a line from the terminal without echoing it.
fn ask_password(prompt: &str) -> Result<String> {
    use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers, read};
    use std::io::{IsTerminal, Write};
    if !std::io::stdin().is_terminal() {
        return Err(Error::Usage(
            "QLAKE_ENGINE_USER is set but QLAKE_ENGINE_PASSWORD is not, and there is no terminal to ask on".into(),
        ));
    }
    let mut stderr = std::io::stderr();
    let _ = write!(stderr, "{prompt}");
    let _ = stderr.flush();
    crossterm::terminal::enable_raw_mode().map_err(|e| Error::Invalid(e.to_string()))?;
    let mut password = String::new();
    let outcome = loop {
        match read() {
            Ok(Event::Key(key)) if key.kind != KeyEventKind::Release => match key.code {
                KeyCode::Enter => break Ok(()),
                KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    break Err(Error::Interrupted);
                }
                KeyCode::Char(c) => password.push(c),
                KeyCode::Backspace => {
                    password.pop();
                }
                _ => {}
            },
            Ok(_) => {}
            Err(e) => break Err(Error::Invalid(e.to_string())),
        }
    };
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = writeln!(stderr);
    outcome.map(|()| password)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_grpc_with_a_port_and_nothing_else() {
        let plain = EngineAddress::parse("grpc://127.0.0.1:32010").expect("plain");
        assert!(!plain.tls);
        assert_eq!(plain.endpoint, "http://127.0.0.1:32010");
        let tls = EngineAddress::parse("grpc+tls://doris.example:8070").expect("tls");
        assert!(tls.tls);
        assert_eq!(tls.endpoint, "https://doris.example:8070");
        for bad in [
            "http://h:1",
            "grpc://h",
            "grpc://h:port",
            "grpc://user:pw@h:1",
            "grpc://:1",
        ] {
            let e = EngineAddress::parse(bad).expect_err(bad);
            assert!(e.to_string().contains(bad), "{e}");
        }
    }
}
