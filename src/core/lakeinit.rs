//! Starting a bureau's own lake (`lake init`) and registering the documents its rows quote (`lake add-source`).

use std::path::{Path, PathBuf};

use crate::core::contract::{self, TABLES};
use crate::core::error::{Error, Result};
use crate::core::import::{self, Options, Outcome, Registering, log};
use crate::core::lakewriter::{Layout, Reach, confined_instance, write_table};
use crate::core::sql::{sql_ident, sql_literal, sql_literals};

/// The document every reference row of a new lake quotes: the list of divisions itself.
pub const REFERENCE_SOURCE: &str = "qlake-reference-divisions";

/// What `lake init` wrote.
pub struct Initialised {
    pub provinces: usize,
    pub cities: usize,
}

/// A new lake at `dir` (absent or empty): every contract table as a Parquet file with the contract's schema, the 31
/// provinces, and the cities of `cities_of` (province codes) from the built-in list of the country's divisions (`divisions`), all quoting a reference
/// list kept as the lake's first registered document. A folder that holds anything is refused and left as it is;
/// `init` never replaces a lake, not even one it made.
pub fn init(dir: &Path, cities_of: &[String], used: Option<&[String]>) -> Result<Initialised> {
    // A bad table name is refused before the folder is touched.
    let unused = used.map(crate::core::unused_tables::text_for).transpose()?;
    if dir.exists()
        && std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .next()
            .is_some()
    {
        return Err(Error::Usage(format!(
            "{}: not empty; `lake init` makes a new lake in an empty or new folder",
            dir.display()
        )));
    }
    let created = std::fs::symlink_metadata(dir).is_err();
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let result = write_new_lake(dir, cities_of).and_then(|done| {
        if let Some(text) = &unused {
            let path = dir.join(crate::core::unused_tables::FILE);
            std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        }
        Ok(done)
    });
    if result.is_err() {
        // Leave the folder as it was found: the folder itself if `init` made it, else only what `init` writes in it
        // (the contract's table folders and `_sources/`; it was empty).
        if created {
            let _ = std::fs::remove_dir_all(dir);
        } else {
            for name in TABLES.iter().map(|t| t.name).chain([log::SOURCES_DIR]) {
                let path = dir.join(name);
                if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
                    let _ = std::fs::remove_dir_all(&path);
                }
            }
        }
    }
    result
}

fn write_new_lake(dir: &Path, cities_of: &[String]) -> Result<Initialised> {
    // The provinces asked for are known before anything is written.
    for code in cities_of {
        if !contract::PROVINCES.iter().any(|(c, _, _)| c == code) {
            return Err(Error::Usage(format!(
                "--cities {code}: not a province code (CN-JS, CN-ZJ, … : `qlake sql \"SELECT province_code, \
                 name_zh FROM provinces\"` on any lake lists the 31)"
            )));
        }
    }
    // DuckDB writes only the new lake.
    let conn = confined_instance(&Reach {
        reads: &[],
        writes: dir,
        temp_dir: None,
        memory_limit: None,
    })?;
    let run = |sql: &str| {
        conn.execute_batch(sql)
            .map_err(|e| Error::query("lake init", e))
    };

    let mut lines = vec![
        "Administrative divisions of China used by this lake: ISO 3166-2:CN provincial-level codes and GB/T 2260 city codes."
            .to_string(),
        crate::core::divisions::PACKAGES.to_string(),
    ];
    let mut provinces = Vec::new();
    for (code, zh, en) in contract::PROVINCES {
        let line = format!("{code}\t{zh}\t{en}");
        provinces.push(format!(
            "({}, {}, {}, {}, {}, false)",
            sql_literal(code),
            sql_literal(zh),
            sql_literal(en),
            sql_literal(REFERENCE_SOURCE),
            sql_literal(&line)
        ));
        lines.push(line);
    }
    run(&format!(
        "CREATE TEMP TABLE provinces_rows (province_code VARCHAR, name_zh VARCHAR, name_en VARCHAR, \
         source_id VARCHAR, source_quote VARCHAR, is_synthetic BOOLEAN); INSERT INTO provinces_rows VALUES {};",
        provinces.join(", ")
    ))?;

    let mut cities = Vec::new();
    if !cities_of.is_empty() {
        for city in crate::core::divisions::cities()?
            .into_iter()
            .filter(|c| cities_of.iter().any(|p| p == c.province))
        {
            let row = [
                city.code,
                city.province,
                city.name_zh,
                city.name_en,
                city.level,
            ];
            let line = row.join("\t");
            cities.push(format!(
                "({}, {}, {}, false)",
                sql_literals(row.iter().copied()),
                sql_literal(REFERENCE_SOURCE),
                sql_literal(&line)
            ));
            lines.push(line);
        }
    }
    run(
        "CREATE TEMP TABLE cities_rows (city_code VARCHAR, province_code VARCHAR, name_zh VARCHAR, name_en VARCHAR, \
         level VARCHAR, source_id VARCHAR, source_quote VARCHAR, is_synthetic BOOLEAN);",
    )?;
    if !cities.is_empty() {
        run(&format!(
            "INSERT INTO cities_rows VALUES {};",
            cities.join(", ")
        ))?;
    }

    let text = lines.join("\n") + "\n";
    let text_file = format!("{}/{REFERENCE_SOURCE}.txt", log::SOURCES_DIR);
    run(&format!(
        "CREATE TEMP TABLE sources_rows AS SELECT {id} AS source_id, '行政区划代码（qlake 参考表）' AS title, \
         'Administrative division codes (qlake reference list)' AS title_en, 'qlake' AS publisher, \
         CAST(NULL AS DATE) AS published_on, 'made by qlake lake init' AS date_note, {file} AS file, \
         {quote} AS source_quote, false AS is_synthetic;",
        id = sql_literal(REFERENCE_SOURCE),
        file = sql_literal(&text_file),
        quote = sql_literal(&lines[0]),
    ))?;
    for table in TABLES {
        let relation = match table.name {
            "provinces" => "provinces_rows".to_string(),
            "cities" => "cities_rows".to_string(),
            "sources" => "sources_rows".to_string(),
            _ => {
                let nulls: Vec<String> = table
                    .columns
                    .iter()
                    .map(|c| {
                        format!(
                            "CAST(NULL AS {}) AS {}",
                            c.kind.canonical(),
                            sql_ident(c.name)
                        )
                    })
                    .collect();
                format!("(SELECT {} WHERE false) AS empty", nulls.join(", "))
            }
        };
        write_table(&conn, &relation, table, dir, Layout::SingleFile)?;
    }
    let sources = dir.join(log::SOURCES_DIR);
    std::fs::create_dir_all(&sources).map_err(|e| Error::io(&sources, e))?;
    crate::core::atomic_file::write_whole(&dir.join(&text_file), text.as_bytes())?;
    Ok(Initialised {
        provinces: contract::PROVINCES.len(),
        cities: cities.len(),
    })
}

/// A document to register.
pub struct NewSource {
    pub file: PathBuf,
    pub id: Option<String>,
    pub title: String,
    pub title_en: Option<String>,
    pub publisher: Option<String>,
    /// `YYYY-MM-DD`, or free text kept as the date note.
    pub date: Option<String>,
}

/// Register a document: its `sources` row and its text (`_sources/ID.txt`), as one import (undone as one).
pub fn add_source(root: &Path, source: &NewSource) -> Result<(String, Outcome)> {
    // A regular file within the limit, read once: its text, its hash and the copy kept are the same bytes.
    let bytes = import::read_source_document(&source.file)?;
    let text = String::from_utf8(bytes.clone())
        .map_err(|_| Error::Invalid(format!("{}: not UTF-8 text", source.file.display())))?;
    let id = match &source.id {
        Some(id) => id.clone(),
        None => id_from_name(&source.file)?,
    };
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(Error::Usage(format!(
            "--id {id}: a source id is letters, digits, `-` and `_`"
        )));
    }
    let first_line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .ok_or_else(|| {
            Error::Invalid(format!("{}: the document is empty", source.file.display()))
        })?;
    let (published_on, date_note) = match source.date.as_deref() {
        Some(d) if is_iso_date(d) => (Some(d.to_string()), None),
        Some(d) => (None, Some(d.to_string())),
        None => (None, Some("date not given".to_string())),
    };
    let text_file = format!("{}/{id}.txt", log::SOURCES_DIR);
    let row = serde_json::json!({
        "source_id": id,
        "title": source.title,
        "title_en": source.title_en.clone().unwrap_or_else(|| source.title.clone()),
        "publisher": source.publisher,
        "published_on": published_on,
        "date_note": date_note,
        "file": text_file,
        "source_quote": first_line,
        "is_synthetic": false,
    });
    let staged = crate::core::scratch::temp_file("qlake-source-", ".jsonl")?;
    std::fs::write(staged.path(), format!("{row}\n")).map_err(|e| Error::io(staged.path(), e))?;
    let options = Options {
        table: "sources".into(),
        file: staged.path().to_path_buf(),
        ..Options::default()
    };
    let registering = Registering {
        texts: vec![(id.clone(), text)],
        label: Some((
            source.file.display().to_string(),
            import::sha256_hex(&bytes),
        )),
        files: vec![(text_file, bytes)],
    };
    Ok((id, import::import_with(root, &options, &registering)?))
}

/// `Notice 2023.txt` → `notice-2023`.
fn id_from_name(file: &Path) -> Result<String> {
    let stem = file
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or_else(|| Error::Usage(format!("{}: give the source an --id", file.display())))?;
    let mut id = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_string();
    if id.is_empty() {
        return Err(Error::Usage(format!(
            "{}: no id can be made from this name; give one with --id",
            file.display()
        )));
    }
    Ok(id)
}

fn is_iso_date(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}
