//! Rendering a notice template (Jinja syntax, by minijinja) in a sandbox: no
//! template can read a file or reach another template (there is no loader),
//! run code, loop forever (a fuel budget), recurse deeply, or produce a
//! huge notice. Unknown variables are errors, not blanks, and every error
//! names the part and the line. HTML output escapes every value.

use std::collections::BTreeSet;

use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior};
use serde::Serialize;

/// Instructions one render may run: thousands of rows, never an endless loop.
pub const FUEL: u64 = 200_000;
/// The longest notice rendered.
pub const MAX_OUTPUT: usize = 256 * 1024;
/// How deep macros may call each other.
const RECURSION: usize = 20;

/// Plain text (Markdown, text, mail subjects) or HTML (every value escaped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    Text,
    Html,
}

/// Which part of a template an error is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
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
    env.set_auto_escape_callback(move |_| match markup {
        Markup::Html => AutoEscape::Html,
        Markup::Text => AutoEscape::None,
    });
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
        Markup::Text => "notice.txt",
    };
    let template = env
        .template_from_named_str(name, source)
        .map_err(|e| explain(part, &e))?;
    let out = template.render(context).map_err(|e| explain(part, &e))?;
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

/// The variables a template reads from its context, dotted (`change.title`).
pub fn variables(part: Part, source: &str) -> Result<BTreeSet<String>, TemplateError> {
    let env = environment(Markup::Text);
    let template = env
        .template_from_str(source)
        .map_err(|e| explain(part, &e))?;
    Ok(template.undeclared_variables(true).into_iter().collect())
}

/// Variables customers must not see: identifiers and internal names.
const INTERNAL: [&str; 5] = ["id", "requested_by", "owner", "repository_url", "score"];

/// Warnings for a customer template that reads internal fields (a warning,
/// not an error: a release manager may know better).
pub fn customer_lint(subject: &str, body: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (part, source) in [(Part::Subject, subject), (Part::Body, body)] {
        let Ok(vars) = variables(part, source) else {
            continue;
        };
        for v in vars {
            let last = v.rsplit('.').next().unwrap_or(&v);
            if INTERNAL.contains(&last) || last.ends_with("_id") {
                out.push(format!(
                    "{}: \"{v}\" is internal; customers should not see it",
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
    fn errors_name_the_part_and_the_line() {
        let e = render(Part::Body, "Hello\n{{ train.name }\n", &ctx(), Markup::Text).unwrap_err();
        assert_eq!((e.part, e.line), (Part::Body, Some(2)));
        assert!(
            e.to_string().starts_with("Body, line 2: syntax error"),
            "{e}"
        );
        let e = render(Part::Subject, "{{ train.nmae }}", &ctx(), Markup::Text).unwrap_err();
        assert_eq!(e.line, Some(1));
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
            ["Body: \"train.id\" is internal; customers should not see it".to_string()]
        );
        assert!(customer_lint("{{ train.name }}", "{{ train.name }}").is_empty());
    }
}
