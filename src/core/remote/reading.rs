//! Reading a statement's result from the engine: its FlightInfo, parameters bound where the engine declares them, every endpoint's stream (at other locations too), a lost connection opened again before any row.

use super::*;

impl RemoteEngine {
    /// The batches of one endpoint, read from its own location when it names one.
    pub(super) async fn read_endpoint(
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
        let mut stream = self
            .answered(context, client.do_get(ticket))
            .await?
            .map_err(|e| self.flight_failed(context, e))?;
        while let Some(batch) = self.answered(context, stream.next()).await? {
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

    pub(super) async fn run(
        &self,
        sql: &CheckedSql,
        params: &[(String, Value)],
        context: &str,
        max_rows: Option<usize>,
        sink: &mut dyn FnMut(&RecordBatch) -> Result<()>,
    ) -> Result<SchemaRef> {
        let (info, prepared) = self.flight_info(sql, params, context).await?;
        let read = self.read_result(info, context, max_rows, sink).await;
        if let Some(prepared) = prepared {
            // Best effort: the rows are read; a server that cannot close the handle frees it with the session.
            let _ = tokio::time::timeout(Duration::from_secs(2), prepared.close()).await;
        }
        read
    }

    /// The FlightInfo of `sql` with its parameters bound where the engine binds them, else written as literals;
    /// with the prepared statement to close once its result is read.
    pub(super) async fn flight_info(
        &self,
        sql: &CheckedSql,
        params: &[(String, Value)],
        context: &str,
    ) -> Result<(FlightInfo, Option<PreparedStatement<Channel>>)> {
        let tables: Vec<&str> = crate::core::contract::TABLES
            .iter()
            .map(|t| t.name)
            .collect();
        crate::core::gate::only_tables(sql, &tables)?;
        let (with_marks, values) = literals::positional(sql, params)?;
        if !values.is_empty() && self.binds.load(Ordering::SeqCst) != BINDS_NOT {
            match self.bound(&with_marks, &values).await {
                Ok(Some(bound)) => {
                    self.binds.store(BINDS, Ordering::SeqCst);
                    return Ok((bound.0, Some(bound.1)));
                }
                Ok(None) => self.binds.store(BINDS_NOT, Ordering::SeqCst),
                // This statement could not be prepared or bound here; sent with literals, the engine says why if it
                // cannot run it at all.
                Err(_) => {}
            }
        }
        // The values are written as DuckDB reads them, then the whole text again for the engine: one rendering.
        let statement = self.engine_text(&literals::render(sql, params, Dialect::Standard)?)?;
        let mut client = self.sql_client();
        let info = self
            .answered(context, client.execute(statement, None))
            .await?
            .map_err(|e| self.flight_failed(context, e))?;
        Ok((info, None))
    }

    /// `sql` (placeholders as `?`) prepared on the engine and run with `values` bound; `None` when the engine does not
    /// prepare statements or takes no parameters for them.
    pub(super) async fn bound(
        &self,
        sql: &CheckedSql,
        values: &[Value],
    ) -> std::result::Result<Option<(FlightInfo, PreparedStatement<Channel>)>, FlightError> {
        let mut prepared = match self
            .sql_client()
            .prepare(
                self.engine_text(sql)
                    .map_err(|e| FlightError::ProtocolError(e.to_string()))?,
                None,
            )
            .await
        {
            Ok(prepared) => prepared,
            Err(FlightError::Tonic(status)) if status.code() == tonic::Code::Unimplemented => {
                return Ok(None);
            }
            Err(e) => return Err(e),
        };
        let wanted = prepared.parameter_schema()?.clone();
        if wanted.fields().len() != values.len() {
            let _ = prepared.close().await;
            return Ok(None);
        }
        prepared.set_parameters(parameter_row(values, &wanted)?)?;
        match prepared.execute().await {
            Ok(info) => Ok(Some((info, prepared))),
            Err(e) => {
                let _ = prepared.close().await;
                Err(e)
            }
        }
    }

    /// Every endpoint's batches, in the order the FlightInfo gives them, until `max_rows` rows are handed over.
    pub(super) async fn read_result(
        &self,
        info: FlightInfo,
        context: &str,
        max_rows: Option<usize>,
        sink: &mut dyn FnMut(&RecordBatch) -> Result<()>,
    ) -> Result<SchemaRef> {
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
}
