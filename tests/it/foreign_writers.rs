//! Lakes written by other tools read the same: arrow-rs's Parquet writer (as pyarrow/Spark use: dictionary
//! encoding, other compressions), Hive partition folders, extra columns, Spark's marker files.

use std::fs::File;
use std::sync::Arc;

use duckdb::arrow::array::{ArrayRef, BooleanArray, Int64Array, StringArray};
use duckdb::arrow::datatypes::{DataType, Field, Schema};
use duckdb::arrow::record_batch::RecordBatch;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::support::{open, scalar};

fn write_provinces(path: &std::path::Path, compression: Compression, codes: &[&str]) {
    let schema = Arc::new(Schema::new(vec![
        Field::new("province_code", DataType::Utf8, false),
        Field::new("name_zh", DataType::Utf8, false),
        Field::new("name_en", DataType::Utf8, false),
        Field::new("source_id", DataType::Utf8, true),
        Field::new("source_quote", DataType::Utf8, true),
        Field::new("is_synthetic", DataType::Boolean, false),
        Field::new("population", DataType::Int64, true),
    ]));
    let n = codes.len();
    let columns: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from(codes.to_vec())),
        Arc::new(StringArray::from(vec!["省"; n])),
        Arc::new(StringArray::from(vec!["Province"; n])),
        Arc::new(StringArray::from(vec![None::<&str>; n])),
        Arc::new(StringArray::from(vec![None::<&str>; n])),
        Arc::new(BooleanArray::from(vec![true; n])),
        Arc::new(Int64Array::from(vec![1_i64; n])),
    ];
    let batch = RecordBatch::try_new(schema.clone(), columns).expect("batch");
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let props = WriterProperties::builder()
        .set_compression(compression)
        .set_dictionary_enabled(true)
        .build();
    let mut writer = ArrowWriter::try_new(File::create(path).expect("create"), schema, Some(props))
        .expect("writer");
    writer.write(&batch).expect("write");
    writer.close().expect("close");
}

#[test]
fn arrow_rs_files_partitions_and_spark_markers_read() {
    let lake = tempfile::tempdir().expect("tempdir");
    let table = lake.path().join("provinces");
    write_provinces(
        &table.join("region=east").join("part-00000.snappy.parquet"),
        Compression::SNAPPY,
        &["CN-JS", "CN-FJ"],
    );
    write_provinces(
        &table.join("region=west").join("part-00001.parquet"),
        Compression::UNCOMPRESSED,
        &["CN-SN"],
    );
    std::fs::write(table.join("_SUCCESS"), b"").expect("marker");
    std::fs::write(table.join(".part-00000.crc"), b"crc").expect("crc");
    let engine = open(lake.path());
    assert_eq!(scalar(&engine, "SELECT count(*) FROM provinces"), "3");
    assert_eq!(
        scalar(
            &engine,
            "SELECT string_agg(province_code, ',' ORDER BY province_code) FROM provinces WHERE region = 'east'"
        ),
        "CN-FJ,CN-JS"
    );
    assert_eq!(
        scalar(&engine, "SELECT sum(population) FROM provinces"),
        "3"
    );
}

#[test]
fn a_single_file_table_at_the_top_reads() {
    let lake = tempfile::tempdir().expect("tempdir");
    write_provinces(
        &lake.path().join("provinces.parquet"),
        Compression::ZSTD(Default::default()),
        &["CN-HB"],
    );
    let engine = open(lake.path());
    assert_eq!(
        scalar(&engine, "SELECT province_code FROM provinces"),
        "CN-HB"
    );
}
