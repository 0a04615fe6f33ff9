//! Rendering a notice template (Jinja syntax, by minijinja) in a sandbox: no
//! template can read a file or reach another template (there is no loader),
//! run code, loop forever (a fuel budget), recurse deeply, or produce a
//! huge notice. Unknown variables are errors, not blanks, and every error
//! names the part and the line. HTML output escapes every value.

use std::collections::BTreeSet;

use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior};
use serde::Serialize;
use ts_rs::TS;

/// Instructions one render may run: thousands of rows, never an endless loop.
pub const FUEL: u64 = 200_000;
/// The longest notice rendered.
pub const MAX_OUTPUT: usize = 256 * 1024;
/// How deep macros may call each other.
const RECURSION: usize = 20;

/// How values are written into the output: as they are (mail subjects,
/// plain text), escaped for Markdown (a notice's body: a value can never
/// add a link, an image or HTML), or escaped for HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    Text,
    Markdown,
    Html,
}

/// Characters that could start Markdown structure inside a value.
const MARKDOWN_SPECIAL: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '#', '|', '~', '&', '!', '{', '}',
];

/// `value` with every Markdown-significant character backslash-escaped.
pub fn escape_markdown(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        if MARKDOWN_SPECIAL.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Which part of a template an error is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Subject,
    Body,
}

impl Part {
    fn label(self) -> &'static str {
        match self {
            Part::Subject => "Subject",
            Part::Body => "Body",
        }
    }
}

/// A template problem, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{}{}: {message}", part.label(), line.map(|l| format!(", line {l}")).unwrap_or_default())]
pub struct TemplateError {
    pub part: Part,
    pub line: Option<usize>,
    pub message: String,
}

fn environment(markup: Markup) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env.set_recursion_limit(RECURSION);
    // Block tags on their own line leave no blank line behind: templates
    // write Markdown, where blank lines matter.
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_auto_escape_callback(move |_| match markup {
        Markup::Html => AutoEscape::Html,
        Markup::Text | Markup::Markdown => AutoEscape::None,
    });
    if markup == Markup::Markdown {
        env.set_formatter(|out, state, value| {
            if value.is_safe() || value.is_undefined() || value.is_none() {
                return minijinja::escape_formatter(out, state, value);
            }
            let text = match value.as_str() {
                Some(s) => escape_markdown(s),
                None => escape_markdown(&value.to_string()),
            };
            out.write_str(&text).map_err(minijinja::Error::from)
        });
    }
    env
}

fn explain(part: Part, e: &minijinja::Error) -> TemplateError {
    let message = match e.kind() {
        ErrorKind::OutOfFuel => {
            "the template runs too long: is there an endless or very large loop?".to_owned()
        }
        ErrorKind::UndefinedError => format!(
            "{} (check the variable's name in the palette)",
            e.detail()
                .unwrap_or("a variable that does not exist is used")
        ),
        ErrorKind::TemplateNotFound => {
            "templates cannot include or import other templates".to_owned()
        }
        _ => match e.detail() {
            Some(d) => format!("{}: {d}", e.kind()),
            None => e.kind().to_string(),
        },
    };
    TemplateError {
        part,
        line: e.line(),
        message,
    }
}

/// Renders one part of a template with `context`.
pub fn render(
    part: Part,
    source: &str,
    context: &impl Serialize,
    markup: Markup,
) -> Result<String, TemplateError> {
    let env = environment(markup);
    let name = match markup {
        Markup::Html => "notice.html",
        Markup::Text | Markup::Markdown => "notice.txt",
    };
    let template = env
        .template_from_named_str(name, source)
        .map_err(|e| explain(part, &e))?;
    let out = template.render(context).map_err(|e| {
        let mut err = explain(part, &e);
        if e.kind() == ErrorKind::UndefinedError {
            if let Some(name) = err.line.and_then(|l| undefined_on_line(source, l, context)) {
                err.message = format!("\"{name}\" does not exist (check its name in the palette)");
            }
        }
        err
    })?;
    if out.len() > MAX_OUTPUT {
        return Err(TemplateError {
            part,
            line: None,
            message: format!(
                "the notice would be {} KB, more than the {} KB a notice may be",
                out.len() / 1024,
                MAX_OUTPUT / 1024
            ),
        });
    }
    Ok(out)
}

/// The first dotted name on `line` whose root the context has but whose
/// path it does not (`release.nmae`), to name in an error. Loop variables
/// cannot be told from here and are skipped.
fn undefined_on_line(source: &str, line: usize, context: &impl Serialize) -> Option<String> {
    let text = source.lines().nth(line.checked_sub(1)?)?;
    let env = Environment::new();
    let holds = |expr: &str| {
        env.render_str(
            &format!("{{% if {expr} is defined %}}y{{% endif %}}"),
            context,
        )
        .is_ok_and(|out| out == "y")
    };
    let names: Vec<String> = names_in_tags(text).into_iter().map(|(_, n)| n).collect();
    let misspelt_field = names.iter().find(|name| {
        let root = name.split('.').next().unwrap_or(name);
        holds(root) && !holds(name)
    });
    // Else a whole top-level name that does not exist (`{{ nobody }}`),
    // unless it is a loop variable, a keyword or a filter.
    let unknown = || {
        names.iter().find(|n| {
            !n.contains('.')
                && !holds(n)
                && !text.contains(&format!("for {n} "))
                && !text.contains(&format!("| {n}"))
                && !text.contains(&format!("|{n}"))
                && !KEYWORDS.contains(&n.as_str())
        })
    };
    misspelt_field.or_else(unknown).cloned()
}

/// Words in tags that are not variables.
const KEYWORDS: [&str; 16] = [
    "for", "in", "endfor", "if", "elif", "else", "endif", "not", "and", "or", "is", "defined",
    "none", "true", "false", "loop",
];

/// The variables a template reads from its context, dotted (`change.title`).
pub fn variables(part: Part, source: &str) -> Result<BTreeSet<String>, TemplateError> {
    let env = environment(Markup::Text);
    let template = env
        .template_from_str(source)
        .map_err(|e| explain(part, &e))?;
    Ok(template.undeclared_variables(true).into_iter().collect())
}

/// Field names customers must not see: identifiers, people and internal
/// assessments.
const INTERNAL: [&str; 13] = [
    "id",
    "owner",
    "requested_by",
    "repository_url",
    "score",
    "reasons",
    "team",
    "contact",
    "contacts",
    "stage",
    "model",
    "release_manager",
    "generated_by",
];

/// True when a dotted variable path reads an internal field.
pub fn is_internal(path: &str) -> bool {
    path.split(|c: char| c == '.' || c == '|' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .take_while(|s| s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .any(|seg| INTERNAL.contains(&seg) || seg.ends_with("_id"))
}

/// Every dotted name used inside `{{ }}` and `{% %}`, with its line; string
/// literals are skipped. Loop variables count too (`c.id` in a loop over
/// changes), which `undeclared_variables` would miss.
fn names_in_tags(source: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut rest = source;
    let mut offset = 0;
    while let Some(open) = rest.find("{{").into_iter().chain(rest.find("{%")).min() {
        let close_tag = if rest[open..].starts_with("{{") {
            "}}"
        } else {
            "%}"
        };
        let inner_start = open + 2;
        let Some(len) = rest[inner_start..].find(close_tag) else {
            break;
        };
        let inner = &rest[inner_start..inner_start + len];
        let line = source[..offset + open].matches('\n').count() + 1;
        let mut token = String::new();
        let mut quote: Option<char> = None;
        for c in inner.chars().chain(std::iter::once(' ')) {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '"' || c == '\'' => {
                    quote = Some(c);
                    token.clear();
                }
                None if c.is_ascii_alphanumeric() || c == '_' || c == '.' => token.push(c),
                None => {
                    if token
                        .chars()
                        .next()
                        .is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
                    {
                        out.push((line, std::mem::take(&mut token)));
                    }
                    token.clear();
                }
            }
        }
        let consumed = inner_start + len + 2;
        offset += consumed;
        rest = &rest[consumed..];
    }
    out
}

/// Warnings for a customer template that reads internal fields (a warning,
/// not an error: a release manager may know better).
pub fn customer_lint(subject: &str, body: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (part, source) in [(Part::Subject, subject), (Part::Body, body)] {
        let mut seen = BTreeSet::new();
        for (line, name) in names_in_tags(source) {
            if is_internal(&name) && seen.insert(name.clone()) {
                out.push(format!(
                    "{}, line {line}: \"{name}\" is internal; customers should not see it",
                    part.label()
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ctx() -> serde_json::Value {
        json!({
            "train": { "name": "<script>alert(1)</script>", "id": "t-1" },
            "changes": [{ "title": "Deploy ledger", "id": "c-1" }, { "title": "A & B", "id": "c-2" }],
        })
    }

    #[test]
    fn html_escapes_every_value_and_text_keeps_it() {
        let src = "{{ train.name }}: {% for c in changes %}{{ c.title }}; {% endfor %}";
        let html = render(Part::Body, src, &ctx(), Markup::Html).unwrap();
        assert_eq!(
            html,
            "&lt;script&gt;alert(1)&lt;&#x2f;script&gt;: Deploy ledger; A &amp; B; "
        );
        let text = render(Part::Body, src, &ctx(), Markup::Text).unwrap();
        assert_eq!(text, "<script>alert(1)</script>: Deploy ledger; A & B; ");
    }

    #[test]
    fn markdown_values_cannot_add_links_images_or_html() {
        let ctx = json!({ "name": "[x](javascript:alert(1)) <b>*y*</b> ![i](http://e/i.png)" });
        let md = render(Part::Body, "**{{ name }}**", &ctx, Markup::Markdown).unwrap();
        assert_eq!(
            md,
            "**\\[x\\](javascript:alert(1)) \\<b\\>\\*y\\*\\</b\\> \\!\\[i\\](http://e/i.png)**"
        );
    }

    #[test]
    fn errors_name_the_part_and_the_line() {
        let e = render(Part::Body, "Hello\n{{ train.name }\n", &ctx(), Markup::Text).unwrap_err();
        assert_eq!((e.part, e.line), (Part::Body, Some(2)));
        assert!(
            e.to_string().starts_with("Body, line 2: syntax error"),
            "{e}"
        );
        let e = render(Part::Subject, "{{ train.nmae }}", &ctx(), Markup::Text).unwrap_err();
        assert_eq!(e.line, Some(1));
        assert_eq!(
            e.to_string(),
            "Subject, line 1: \"train.nmae\" does not exist (check its name in the palette)"
        );
        let e = render(
            Part::Body,
            "a\n{{ changes | length }} {{ nobody }}",
            &ctx(),
            Markup::Text,
        )
        .unwrap_err();
        assert!(e.message.starts_with("\"nobody\" does not exist"), "{e}");
        // A misspelt field of a loop variable: the line, and the general hint.
        let e = render(
            Part::Body,
            "{% for c in changes %}\n{{ c.titel }}\n{% endfor %}",
            &ctx(),
            Markup::Text,
        )
        .unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("check the variable's name"), "{e}");
        let e = render(Part::Body, "\n\n{{ nobody }}", &ctx(), Markup::Html).unwrap_err();
        assert_eq!(e.line, Some(3));
    }

    #[test]
    fn endless_loops_huge_output_and_includes_are_refused() {
        let endless =
            "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}";
        let e = render(Part::Body, endless, &ctx(), Markup::Text).unwrap_err();
        assert!(e.message.contains("runs too long"), "{e}");
        let huge = "{{ 'x' * 300000 }}";
        let e = render(Part::Body, huge, &ctx(), Markup::Text).unwrap_err();
        assert!(e.message.contains("more than the 256 KB"), "{e}");
        let e = render(
            Part::Body,
            "{% include '/etc/passwd' %}",
            &ctx(),
            Markup::Text,
        )
        .unwrap_err();
        assert!(e.message.contains("cannot include"), "{e}");
        let deep = "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}";
        assert!(render(Part::Body, deep, &ctx(), Markup::Text).is_err());
    }

    #[test]
    fn customer_templates_are_warned_about_internal_fields() {
        let w = customer_lint(
            "Maintenance for {{ train.name }}",
            "{% for c in changes %}{{ c.title }} ({{ c.id }}){% endfor %} {{ train.id }}",
        );
        assert_eq!(
            w,
            [
                "Body, line 1: \"c.id\" is internal; customers should not see it".to_string(),
                "Body, line 1: \"train.id\" is internal; customers should not see it".to_string()
            ]
        );
        let w = customer_lint(
            "x",
            "Hi\n{% for t in contacts %}{{ t.contact }}{% endfor %}",
        );
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].starts_with("Body, line 2: \"contacts\""), "{w:?}");
        assert!(customer_lint("x", "{{ 'the id' }}").is_empty());
        assert!(customer_lint("{{ train.name }}", "{{ train.name }}").is_empty());
    }
}
