//! The map as text other tools draw: Graphviz DOT and Mermaid flowcharts,
//! services grouped by system, edges labelled by kind (deploy-order dashed).

use std::collections::BTreeMap;
use std::fmt::Write;

use uuid::Uuid;

use super::model::{DependencyKind, ServiceDependency};

/// A service as the exports show it.
pub struct Node<'a> {
    pub id: Uuid,
    pub name: &'a str,
    /// Grouped into a cluster (DOT) or subgraph (Mermaid) when not empty.
    pub system: &'a str,
}

/// A quoted DOT string: backslashes and quotes escaped, line breaks dropped.
fn dot_string(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!("\"{}\"", clean.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Mermaid label text: quotes become `#quot;`, the rest of its syntax is inert inside quotes.
fn mermaid_label(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!("\"{}\"", clean.replace('"', "#quot;"))
}

fn by_system<'a>(nodes: &'a [Node<'a>]) -> BTreeMap<&'a str, Vec<&'a Node<'a>>> {
    let mut groups: BTreeMap<&str, Vec<&Node>> = BTreeMap::new();
    for n in nodes {
        groups.entry(n.system).or_default().push(n);
    }
    groups
}

/// Graphviz DOT: `dot -Tsvg map.dot > map.svg`.
pub fn to_dot(nodes: &[Node<'_>], edges: &[ServiceDependency]) -> String {
    let index: BTreeMap<Uuid, usize> = nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
    let mut out =
        String::from("digraph dependencies {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n");
    for (c, (system, members)) in by_system(nodes).into_iter().enumerate() {
        let indent = if system.is_empty() { "  " } else { "    " };
        if !system.is_empty() {
            let _ = writeln!(
                out,
                "  subgraph cluster_{c} {{\n    label={};",
                dot_string(system)
            );
        }
        for n in members {
            if let Some(i) = index.get(&n.id) {
                let _ = writeln!(out, "{indent}s{i} [label={}];", dot_string(n.name));
            }
        }
        if !system.is_empty() {
            out.push_str("  }\n");
        }
    }
    for e in edges {
        let (Some(a), Some(b)) = (index.get(&e.service_id), index.get(&e.depends_on)) else {
            continue;
        };
        let style = if e.kind == DependencyKind::DeployOrder {
            ", style=dashed"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  s{a} -> s{b} [label={}{style}];",
            dot_string(e.kind.as_str())
        );
    }
    out.push_str("}\n");
    out
}

/// A Mermaid flowchart, for Markdown that renders Mermaid.
pub fn to_mermaid(nodes: &[Node<'_>], edges: &[ServiceDependency]) -> String {
    let index: BTreeMap<Uuid, usize> = nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
    let mut out = String::from("flowchart LR\n");
    for (c, (system, members)) in by_system(nodes).into_iter().enumerate() {
        let indent = if system.is_empty() { "  " } else { "    " };
        if !system.is_empty() {
            let _ = writeln!(out, "  subgraph g{c} [{}]", mermaid_label(system));
        }
        for n in members {
            if let Some(i) = index.get(&n.id) {
                let _ = writeln!(out, "{indent}s{i}[{}]", mermaid_label(n.name));
            }
        }
        if !system.is_empty() {
            out.push_str("  end\n");
        }
    }
    for e in edges {
        let (Some(a), Some(b)) = (index.get(&e.service_id), index.get(&e.depends_on)) else {
            continue;
        };
        let arrow = if e.kind == DependencyKind::DeployOrder {
            "-.->"
        } else {
            "-->"
        };
        let _ = writeln!(out, "  s{a} {arrow}|{}| s{b}", e.kind.as_str());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::graph::tests::{dep, id};
    use super::*;

    fn nodes() -> Vec<Node<'static>> {
        vec![
            Node {
                id: id(1),
                name: "web \"edge\"",
                system: "Shop",
            },
            Node {
                id: id(2),
                name: "api",
                system: "Shop",
            },
            Node {
                id: id(3),
                name: "db",
                system: "",
            },
        ]
    }

    #[test]
    fn dot_groups_by_system_escapes_names_and_dashes_deploy_order() {
        let dot = to_dot(
            &nodes(),
            &[
                dep(1, 2, DependencyKind::Runtime),
                dep(2, 3, DependencyKind::DeployOrder),
            ],
        );
        assert!(dot.starts_with("digraph dependencies {"));
        assert!(dot.contains("  subgraph cluster_1 {\n    label=\"Shop\";\n    s0 [label=\"web \\\"edge\\\"\"];\n    s1 [label=\"api\"];\n  }"), "{dot}");
        assert!(dot.contains("  s2 [label=\"db\"];"));
        assert!(dot.contains("  s0 -> s1 [label=\"runtime\"];"));
        assert!(dot.contains("  s1 -> s2 [label=\"deploy-order\", style=dashed];"));
    }

    #[test]
    fn mermaid_groups_by_system_and_quotes_labels() {
        let m = to_mermaid(
            &nodes(),
            &[
                dep(1, 2, DependencyKind::Data),
                dep(2, 3, DependencyKind::DeployOrder),
            ],
        );
        assert!(m.contains("  subgraph g1 [\"Shop\"]\n    s0[\"web #quot;edge#quot;\"]\n    s1[\"api\"]\n  end"), "{m}");
        assert!(m.contains("  s0 -->|data| s1"));
        assert!(m.contains("  s1 -.->|deploy-order| s2"));
    }
}
