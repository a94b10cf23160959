//! The lake's tables and columns as the engine knows them: GetTables where it answers, else the contract's tables asked one by one.

use super::*;

impl RemoteEngine {
    /// The engine's tables and columns: from Flight SQL's table list with schemas where the engine gives one (Doris,
    /// StarRocks, Dremio), else the contract's tables, each's columns read from the schema of an empty result
    /// (Sail has neither the list nor an `information_schema`). Tables in name order, as DuckDB's list is.
    pub(super) async fn engine_columns(&self) -> Result<Vec<LakeColumn>> {
        const CONTEXT: &str = "listing its tables";
        let request = arrow_flight::sql::CommandGetTables {
            include_schema: true,
            ..Default::default()
        };
        let mut found = match self.sql_client().get_tables(request).await {
            Ok(info) => {
                let mut batches = Vec::new();
                let read = self
                    .read_result(info, CONTEXT, None, &mut |b| {
                        batches.push(b.clone());
                        Ok(())
                    })
                    .await;
                match read {
                    Ok(_) => listed_columns(&batches).map_err(|e| self.failed(CONTEXT, e))?,
                    // StarRocks answers the request but serves no rows for it.
                    Err(_) => self.contract_columns(CONTEXT).await?,
                }
            }
            Err(FlightError::Tonic(status)) if status.code() == tonic::Code::Unimplemented => {
                self.contract_columns(CONTEXT).await?
            }
            Err(e) => return Err(self.failed(CONTEXT, e)),
        };
        found.sort_by(|a, b| a.table.cmp(&b.table));
        Ok(found)
    }

    /// The columns of each contract table the engine has; a table it lacks is left out, and when it has none the
    /// first refusal is the error.
    pub(super) async fn contract_columns(&self, context: &str) -> Result<Vec<LakeColumn>> {
        let mut found = Vec::new();
        let mut refused = None;
        for table in crate::core::contract::TABLES {
            let sql = crate::core::gate::check(&format!(
                "SELECT * FROM {} LIMIT 0",
                crate::core::sql::sql_ident(table.name)
            ))?;
            match self.run(&sql, &[], context, Some(0), &mut |_| Ok(())).await {
                Ok(schema) => found.extend(schema.fields().iter().map(|f| LakeColumn {
                    table: table.name.to_string(),
                    column: f.name().clone(),
                    data_type: sql_type(f.data_type()),
                })),
                Err(e) => {
                    refused.get_or_insert(e);
                }
            }
        }
        match refused {
            Some(e) if found.is_empty() => Err(e),
            _ => Ok(found),
        }
    }
}
