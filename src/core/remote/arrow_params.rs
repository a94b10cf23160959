//! Parameters and column lists as Arrow: a prepared statement's parameter row, the engine's table listing read back, types named as SQL.

use super::*;

/// The columns in a GetTables result (`table_name`, and `table_schema` as an IPC schema).
pub(super) fn listed_columns(
    batches: &[RecordBatch],
) -> std::result::Result<Vec<LakeColumn>, String> {
    use arrow::array::{Array, BinaryArray, StringArray};
    let mut found = Vec::new();
    for batch in batches {
        let column = |name: &str| {
            batch
                .column_by_name(name)
                .ok_or_else(|| format!("its table list has no `{name}`"))
        };
        let names = column("table_name")?;
        let names = names
            .as_any()
            .downcast_ref::<StringArray>()
            .ok_or("its table list's `table_name` is not text")?;
        let schemas = column("table_schema")?;
        let schemas = schemas
            .as_any()
            .downcast_ref::<BinaryArray>()
            .ok_or("its table list's `table_schema` is not binary")?;
        for row in 0..batch.num_rows() {
            if names.is_null(row) || schemas.is_null(row) {
                continue;
            }
            let schema =
                Schema::try_from(arrow_flight::IpcMessage(schemas.value(row).to_vec().into()))
                    .map_err(|e| format!("the schema of `{}`: {e}", names.value(row)))?;
            found.extend(schema.fields().iter().map(|f| LakeColumn {
                table: names.value(row).to_string(),
                column: f.name().clone(),
                data_type: sql_type(f.data_type()),
            }));
        }
    }
    Ok(found)
}

/// An Arrow type as SQL names it (DuckDB's names, which the console shows for the local lake).
pub(super) fn sql_type(data_type: &DataType) -> String {
    match data_type {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => "VARCHAR".into(),
        DataType::Boolean => "BOOLEAN".into(),
        DataType::Int8 => "TINYINT".into(),
        DataType::Int16 => "SMALLINT".into(),
        DataType::Int32 => "INTEGER".into(),
        DataType::Int64 => "BIGINT".into(),
        DataType::Float32 => "FLOAT".into(),
        DataType::Float64 => "DOUBLE".into(),
        DataType::Date32 | DataType::Date64 => "DATE".into(),
        DataType::Decimal128(p, s) | DataType::Decimal256(p, s) => format!("DECIMAL({p},{s})"),
        DataType::Timestamp(..) => "TIMESTAMP".into(),
        other => other.to_string(),
    }
}

/// The one row of parameter values a prepared statement is run with: each value as the Arrow type qlake binds it
/// as, cast to the type the engine declared for its `?` where it declared one.
pub(super) fn parameter_row(
    values: &[Value],
    wanted: &Schema,
) -> std::result::Result<RecordBatch, FlightError> {
    use arrow::array::{BooleanArray, Int64Array, NullArray, StringArray};
    let mut fields = Vec::with_capacity(values.len());
    let mut columns: Vec<ArrayRef> = Vec::with_capacity(values.len());
    for (value, field) in values.iter().zip(wanted.fields()) {
        let (own, own_type): (ArrayRef, DataType) = match value {
            Value::Null => (Arc::new(NullArray::new(1)), DataType::Null),
            Value::Text(s) => (
                Arc::new(StringArray::from(vec![s.as_str()])),
                DataType::Utf8,
            ),
            Value::Integer(n) => (Arc::new(Int64Array::from(vec![*n])), DataType::Int64),
            Value::Boolean(b) => (Arc::new(BooleanArray::from(vec![*b])), DataType::Boolean),
            Value::Decimal(d) => (
                Arc::new(StringArray::from(vec![d.as_str()])),
                DataType::Decimal128(38, 10),
            ),
            Value::Date(d) => (
                Arc::new(StringArray::from(vec![d.as_str()])),
                DataType::Date32,
            ),
        };
        // A declared type wins; an undeclared one (Null, or a union of every type) takes qlake's.
        let target = match field.data_type() {
            DataType::Null | DataType::Union(..) => own_type,
            declared => declared.clone(),
        };
        let column = if own.data_type() == &target {
            own
        } else {
            arrow::compute::cast(&own, &target).map_err(|e| {
                FlightError::ProtocolError(format!("parameter {} as {target}: {e}", field.name()))
            })?
        };
        fields.push(Field::new(field.name(), target, true));
        columns.push(column);
    }
    Ok(RecordBatch::try_new(
        Arc::new(Schema::new(fields)),
        columns,
    )?)
}
