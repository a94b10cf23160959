//! `--help` in the reader's language: every command's and argument's text is a message (`cli-help-PATH-about`,
//! `cli-help-PATH-arg-ID`, PATH the subcommands' names joined by `-`), set on clap's command tree before it parses.
//! The tree itself (names, flags, value names, what parses) is the same in every language.

use clap::{Arg, ArgAction, Command};

use crate::i18n::{Lang, text};

/// The message id prefix of the command at `path` (the subcommands' names from the root).
pub(crate) fn prefix(path: &[&str]) -> String {
    std::iter::once("cli-help")
        .chain(path.iter().copied())
        .collect::<Vec<_>>()
        .join("-")
}

/// The message id of argument `id` of the command at `path`.
pub(crate) fn arg_id(path: &[&str], id: &str) -> String {
    format!("{}-arg-{}", prefix(path), id.replace('_', "-"))
}

/// `command` with every help text in `lang`.
pub fn localized(command: Command, lang: Lang) -> Command {
    localize(command, lang, &mut Vec::new())
}

fn localize(mut command: Command, lang: Lang, path: &mut Vec<String>) -> Command {
    let names: Vec<&str> = path.iter().map(String::as_str).collect();
    // A help line is a phrase, as clap writes it: no full stop at its end.
    let t = |id: &str| {
        let text = text(lang, id, &[]);
        match text.strip_suffix('.').or_else(|| text.strip_suffix('。')) {
            Some(phrase) if !phrase.contains(". ") && !phrase.contains('。') => phrase.to_string(),
            _ => text,
        }
    };
    let options = t("cli-help-options");
    let arguments = t("cli-help-arguments");
    let long_about = format!("{}-long-about", prefix(&names));
    command = if crate::i18n::has(lang, &long_about) {
        command.long_about(t(&long_about))
    } else {
        command.long_about(None::<&'static str>)
    };
    command = command
        .about(t(&format!("{}-about", prefix(&names))))
        // clap's own `help` subcommand would be the one English line of the help; `-h`/`--help` serve instead.
        .disable_help_subcommand(true)
        .subcommand_help_heading(t("cli-help-commands"))
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
            t("cli-help-usage")
        ));
    let ids: Vec<String> = command
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .filter(|id| id != "help" && id != "version")
        .collect();
    for id in ids {
        let help = t(&arg_id(&names, &id));
        let (options, arguments) = (options.clone(), arguments.clone());
        command = command.mut_arg(&id, |arg| described(arg, lang, help, options, arguments));
    }
    // clap's own help and version flags say what they do in English: they are declared again, in `lang`.
    command = command.disable_help_flag(true).arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help(t("cli-help-flag-help"))
            .help_heading(options.clone()),
    );
    if path.is_empty() {
        command = command.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(t("cli-help-flag-version"))
                .help_heading(options),
        );
    }
    let subcommands: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subcommands {
        path.push(name.clone());
        command = command.mut_subcommand(&name, |sub| localize(sub, lang, path));
        path.pop();
    }
    command
}

/// An argument with its help in `lang`: what clap would add after it in English (its values, its default, its
/// environment variable) is said in the message's language instead.
fn described(arg: Arg, lang: Lang, help: String, options: String, arguments: String) -> Arg {
    let mut extra = Vec::new();
    let values: Vec<String> = if arg.is_hide_possible_values_set() {
        Vec::new()
    } else {
        arg.get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect()
    };
    let takes_value = arg.get_action().takes_values();
    if takes_value && !values.is_empty() {
        extra.push(crate::tr!(
            lang,
            "cli-help-values",
            values = values.join(", ")
        ));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .filter(|v| !v.is_empty())
        .collect();
    if takes_value && !defaults.is_empty() && !arg.is_hide_default_value_set() {
        extra.push(crate::tr!(
            lang,
            "cli-help-default",
            value = defaults.join(", ")
        ));
    }
    if let Some(env) = arg.get_env()
        && !arg.is_hide_env_set()
    {
        extra.push(crate::tr!(
            lang,
            "cli-help-env",
            name = env.to_string_lossy()
        ));
    }
    let help = if extra.is_empty() {
        help
    } else {
        format!("{help} {}", extra.join(" "))
    };
    let heading = if arg.is_positional() {
        arguments
    } else {
        options
    };
    let arg = arg
        .help(help)
        .long_help(None::<&'static str>)
        .hide_env(true)
        .help_heading(heading);
    // clap allows hiding values and defaults only on an argument that takes a value.
    if takes_value {
        arg.hide_possible_values(true).hide_default_value(true)
    } else {
        arg
    }
}

/// clap's own usage errors in `lang` where clap has only English (an unknown flag or subcommand, a missing or bad
/// value): `None` leaves clap's text (English, or help and version, which are not errors).
pub fn error_text(error: &clap::Error, lang: Lang) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if lang == Lang::English || !error.use_stderr() {
        return None;
    }
    let context = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        _ => None,
    };
    let arg = context(ContextKind::InvalidArg).unwrap_or_default();
    let value = context(ContextKind::InvalidValue).unwrap_or_default();
    let said = match error.kind() {
        ErrorKind::UnknownArgument => crate::tr!(lang, "cli-error-unknown-argument", arg = arg),
        ErrorKind::InvalidSubcommand => crate::tr!(
            lang,
            "cli-error-unknown-subcommand",
            name = context(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::MissingRequiredArgument => crate::tr!(lang, "cli-error-missing", args = arg),
        ErrorKind::InvalidValue => crate::tr!(
            lang,
            "cli-error-invalid-value",
            arg = arg,
            value = value,
            valid = context(ContextKind::ValidValue).unwrap_or_default()
        ),
        // Our own value parsers' reasons are already in `lang`.
        ErrorKind::ValueValidation => crate::tr!(
            lang,
            "cli-error-value",
            arg = arg,
            value = value,
            why = std::error::Error::source(error)
                .map(|s| s.to_string())
                .unwrap_or_default()
        ),
        ErrorKind::ArgumentConflict => crate::tr!(
            lang,
            "cli-error-conflict",
            arg = arg,
            other = context(ContextKind::PriorArg).unwrap_or_default()
        ),
        _ => return None,
    };
    let mut out = crate::tr!(lang, "cli-error", message = said);
    if let Some(name) =
        context(ContextKind::SuggestedSubcommand).or(context(ContextKind::SuggestedArg))
    {
        out.push('\n');
        out.push_str(&crate::tr!(lang, "cli-error-did-you-mean", name = name));
    }
    out.push('\n');
    out.push_str(&crate::tr!(lang, "cli-error-see-help"));
    Some(out)
}

/// Every message the tree's help reads, with the command it is for: the test that each exists in both languages
/// walks this.
#[cfg(test)]
fn message_ids(command: &Command) -> Vec<String> {
    fn walk(command: &Command, path: &mut Vec<String>, out: &mut Vec<String>) {
        let names: Vec<&str> = path.iter().map(String::as_str).collect();
        out.push(format!("{}-about", prefix(&names)));
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            if id != "help" && id != "version" {
                out.push(arg_id(&names, id));
            }
        }
        for sub in command.get_subcommands() {
            path.push(sub.get_name().to_string());
            walk(sub, path, out);
            path.pop();
        }
    }
    let mut out = vec![
        "cli-help-usage".to_string(),
        "cli-help-options".into(),
        "cli-help-arguments".into(),
        "cli-help-commands".into(),
        "cli-help-flag-help".into(),
        "cli-help-flag-version".into(),
        "cli-help-values".into(),
        "cli-help-default".into(),
        "cli-help-env".into(),
    ];
    walk(command, &mut Vec::new(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use crate::i18n::{Lang, has};

    #[test]
    fn every_command_and_argument_has_its_help_in_both_languages() {
        let ids = super::message_ids(&crate::cli::Cli::command());
        assert!(ids.len() > 80, "only {} help texts", ids.len());
        for lang in Lang::ALL {
            for id in &ids {
                assert!(has(lang, id), "{id} is missing from {}", lang.tag());
            }
        }
    }

    #[test]
    fn the_help_reads_in_the_chosen_language_and_parses_the_same() {
        let mut zh = super::localized(crate::cli::Cli::command(), Lang::Chinese);
        let help = zh.render_long_help().to_string();
        assert!(help.contains("用法："), "{help}");
        let en = super::localized(crate::cli::Cli::command(), Lang::English);
        let args = [
            "qlake",
            "--lang",
            "zh",
            "query",
            "run",
            "find",
            "-p",
            "text=当阳",
        ];
        assert!(zh.try_get_matches_from(args).is_ok());
        assert!(en.try_get_matches_from(args).is_ok());
    }
}
