//! Which language people read: `--lang` first, else the locale as POSIX orders it (`LC_ALL`, then `LC_MESSAGES`, then
//! `LANG`): a `zh…` locale reads Chinese. Only what people read follows it; machine-readable output never does.

/// Whether to write for a Chinese reader, given `--lang` if one was given.
pub fn reads_chinese(choice: Option<&str>) -> bool {
    if let Some(choice) = choice {
        return is_chinese(choice);
    }
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|var| std::env::var(var).ok())
        .find(|value| !value.is_empty())
        .is_some_and(|value| is_chinese(&value))
}

fn is_chinese(tag: &str) -> bool {
    tag.trim().to_ascii_lowercase().starts_with("zh")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_chinese_tag_or_locale_reads_chinese() {
        assert!(super::reads_chinese(Some("zh")));
        assert!(super::reads_chinese(Some("zh-CN")));
        assert!(!super::reads_chinese(Some("en")));
        assert!(super::is_chinese("zh_CN.UTF-8"));
        assert!(!super::is_chinese("C.UTF-8"));
    }
}
