use super::*;

fn file<'a>(path: &'a str, text: &'a str) -> CatalogFile<'a> {
    CatalogFile { path, text }
}

fn parse(text: &str) -> Result<Catalog, Vec<CatalogError>> {
    parse_catalog(&[file("catalog-info.yaml", text)])
}

fn errors(text: &str) -> Vec<String> {
    match parse(text) {
        Ok(catalog) => panic!("expected errors, read {catalog:?}"),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

fn ok(text: &str) -> Catalog {
    match parse(text) {
        Ok(catalog) => catalog,
        Err(errors) => panic!("unexpected errors: {errors:#?}"),
    }
}

fn r(text: &str) -> EntityRef {
    match EntityRef::parse(text) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    }
}

const REALISTIC: &str = "\
# The payments area.
apiVersion: backstage.io/v1alpha1
kind: System
metadata:
  name: payments
  description: Taking money
spec:
  owner: group:platform
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments-api
  namespace: default
  title: Payments API service
  description: |
    Charges cards.
    --- not a document marker: indented
spec:
  type: service
  lifecycle: production
  owner: platform
  system: payments
  providesApis: [payments-http]
  dependsOn:
    - resource:orders-db
    - component:default/ledger
---
# checkout pays through the API
kind: Component
metadata: {name: checkout}
spec:
  type: website
  owner: user:alice
  consumesApis:
    - api:payments-http
---
kind: API
metadata:
  name: payments-http
spec:
  type: openapi
  owner: platform
  definition: |
    openapi: 3.0.0
---
kind: Resource
metadata:
  name: orders-db
spec:
  type: database
  owner: platform
---
kind: Component
metadata:
  name: ledger
---
kind: Group
metadata:
  name: platform
spec:
  type: team
  children: []
---
kind: Location
metadata:
  name: more
spec:
  targets: [./other.yaml]
---
";

#[test]
fn reads_a_realistic_multi_document_file() {
    let catalog = ok(REALISTIC);
    let summary: Vec<(CatalogKind, &str, usize)> = catalog
        .entities
        .iter()
        .map(|e| (e.kind, e.name.as_str(), e.line))
        .collect();
    assert_eq!(
        summary,
        vec![
            (CatalogKind::System, "payments", 2),
            (CatalogKind::Component, "payments-api", 10),
            (CatalogKind::Component, "checkout", 30),
            (CatalogKind::Api, "payments-http", 38),
            (CatalogKind::Resource, "orders-db", 47),
            (CatalogKind::Component, "ledger", 54),
            (CatalogKind::Group, "platform", 58),
        ]
    );
    let api = &catalog.entities[1];
    assert_eq!(api.namespace, "default");
    assert_eq!(api.title.as_deref(), Some("Payments API service"));
    assert_eq!(
        api.description.as_deref(),
        Some("Charges cards.\n--- not a document marker: indented")
    );
    assert_eq!(api.owner, Some(r("platform")));
    assert_eq!(api.system, Some(r("payments")));
    assert_eq!(api.lifecycle.as_deref(), Some("production"));
    assert_eq!(api.spec_type.as_deref(), Some("service"));
    assert_eq!(
        api.depends_on,
        vec![r("resource:orders-db"), r("component:default/ledger")]
    );
    assert_eq!(api.provides_apis, vec![r("payments-http")]);
    assert_eq!(api.file, "catalog-info.yaml");
    assert_eq!(
        catalog.entities[2].consumes_apis,
        vec![r("api:payments-http")]
    );
    assert_eq!(catalog.entities[2].owner, Some(r("user:alice")));
    assert_eq!(
        catalog.skipped,
        vec![Skipped {
            file: "catalog-info.yaml".into(),
            line: 65,
            reason: "kind Location is not imported".into(),
        }]
    );
}

#[test]
fn parses_entity_refs_in_every_form() {
    let full = r("Component:prod/payments");
    assert_eq!(full.kind.as_deref(), Some("component"));
    assert_eq!(full.namespace.as_deref(), Some("prod"));
    assert_eq!(full.name, "payments");
    assert_eq!(full.to_string(), "component:prod/payments");
    assert_eq!(
        r("resource:orders-db"),
        EntityRef {
            kind: Some("resource".into()),
            namespace: None,
            name: "orders-db".into()
        }
    );
    assert_eq!(
        r("billing/invoices"),
        EntityRef {
            kind: None,
            namespace: Some("billing".into()),
            name: "invoices".into()
        }
    );
    assert_eq!(
        r(" payments "),
        EntityRef {
            kind: None,
            namespace: None,
            name: "payments".into()
        }
    );
    assert_eq!(r("group:platform").kind.as_deref(), Some("group"));
    for bad in [
        "",
        "component:",
        ":x",
        "a/",
        "/x",
        "a:b/c/d",
        "a b",
        "ns/a:b",
    ] {
        assert!(EntityRef::parse(bad).is_err(), "{bad:?} should be refused");
    }
    let long = "x".repeat(MAX_NAME_CHARS + 1);
    assert!(EntityRef::parse(&long).is_err());
}

#[test]
fn resolves_depends_on_and_apis_to_runtime_dependencies() {
    let catalog = ok(REALISTIC);
    let (deps, skipped) = catalog.service_dependencies();
    let edges: Vec<(&str, &str, &str)> = deps
        .iter()
        .map(|d| (d.from.as_str(), d.to.as_str(), d.note.as_str()))
        .collect();
    assert_eq!(
        edges,
        vec![
            ("payments-api", "orders-db", "Backstage dependsOn"),
            ("payments-api", "ledger", "Backstage dependsOn"),
            ("checkout", "payments-api", "Backstage API payments-http"),
        ]
    );
    assert!(skipped.is_empty(), "{skipped:?}");
}

#[test]
fn reports_what_cannot_become_a_dependency() {
    let text = "\
kind: Component
metadata: {name: a}
spec:
  dependsOn: [component:ghost, component:a, system:s, b, b, component:B]
  consumesApis: [nobody-api, own-api]
  providesApis: [own-api]
---
kind: Component
metadata: {name: b}
spec:
  consumesApis: [own-api]
  dependsOn: [component:a]
---
kind: System
metadata: {name: s}
";
    let (deps, skipped) = ok(text).service_dependencies();
    assert_eq!(
        deps,
        vec![
            ResolvedDependency {
                from: "a".into(),
                to: "b".into(),
                note: "Backstage dependsOn".into()
            },
            ResolvedDependency {
                from: "b".into(),
                to: "a".into(),
                note: "Backstage dependsOn; Backstage API own-api".into()
            },
        ]
    );
    let reasons: Vec<String> = skipped.iter().map(ToString::to_string).collect();
    assert_eq!(
        reasons,
        vec![
            "catalog-info.yaml:1: component:a depends on component:ghost, which is not in the catalog",
            "catalog-info.yaml:1: component:a depends on component:a: a dependency on itself",
            "catalog-info.yaml:1: component:a depends on system:s, which is a System, not a Component or Resource",
            "catalog-info.yaml:1: component:a consumes API api:nobody-api, which no component provides",
            "catalog-info.yaml:1: component:a consumes API api:own-api: a dependency on itself",
        ]
    );
}

#[test]
fn reports_two_services_with_one_name() {
    let text = "kind: Component\nmetadata: {name: orders}\n---\nkind: Resource\nmetadata: {name: Orders}\n";
    let (_, skipped) = ok(text).service_dependencies();
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].line, 4);
    assert!(skipped[0]
        .reason
        .contains("same name as component:orders (catalog-info.yaml:1)"));
}

#[test]
fn refuses_an_entity_defined_in_two_files() {
    let a = "kind: Component\nmetadata:\n  name: payments\n";
    let b = "# again\n---\nkind: component\nmetadata:\n  name: Payments\n  namespace: default\n";
    let errors = parse_catalog(&[file("a.yaml", a), file("b.yaml", b)]).err();
    let messages: Vec<String> = errors
        .unwrap_or_default()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        messages,
        vec!["b.yaml:3: component:payments is defined twice: here and at a.yaml:1"]
    );
    // The same name in another namespace or of another kind is another entity.
    let c = "kind: Component\nmetadata: {name: payments, namespace: other}\n---\nkind: System\nmetadata: {name: payments}\n";
    assert!(parse_catalog(&[file("a.yaml", a), file("c.yaml", c)]).is_ok());
}

#[test]
fn reports_malformed_yaml_at_its_file_line() {
    let text = "\
kind: Component
metadata: {name: one}
---
kind: Component
metadata: {name: two}
---
kind: Component
metadata:
  name: three
   bad: indentation
---
kind: Component
metadata: {name: [unclosed}
";
    let errors = errors(text);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].starts_with("catalog-info.yaml:10: "),
        "{}",
        errors[0]
    );
    assert!(errors[0].contains("line 10 column"), "{}", errors[0]);
    assert!(
        errors[1].starts_with("catalog-info.yaml:13: "),
        "{}",
        errors[1]
    );
}

#[test]
fn reports_missing_fields_and_wrong_types_all_at_once() {
    let text = "\
kind: Component
metadata:
  title: no name
---
metadata: {name: kindless}
---
- a list
---
kind: Component
metadata: {name: typed}
spec:
  dependsOn: component:not-a-list
  providesApis: [ok-api, {not: a string}, 42]
  owner: [platform]
  lifecycle: 3
---
kind: Component
metadata: {name: ''}
---
kind: Resource
metadata: {name: a-name-that-is-far-too-long-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx}
---
kind: Component
metadata: just text
spec: {system: 'bad ref/x/y'}
---
kind: Group
metadata: {name: x, name: y}
---
kind: ''
metadata: {name: z}
";
    let errors = errors(text);
    assert_eq!(
        errors,
        vec![
            "catalog-info.yaml:1: missing metadata.name",
            "catalog-info.yaml:5: missing kind",
            "catalog-info.yaml:7: the document is a list, not a mapping with kind, metadata and spec",
            "catalog-info.yaml:9: spec.owner must be a string, not a list",
            "catalog-info.yaml:9: spec.lifecycle must be a string, not a number",
            "catalog-info.yaml:9: spec.dependsOn must be a list of entity references, not a string",
            "catalog-info.yaml:9: spec.providesApis[1] must be an entity reference (a string), not a mapping",
            "catalog-info.yaml:9: spec.providesApis[2] must be an entity reference (a string), not a number",
            "catalog-info.yaml:17: metadata.name is empty",
            "catalog-info.yaml:20: metadata.name is 122 characters long; the limit is 120",
            "catalog-info.yaml:23: metadata must be a mapping, not a string",
            "catalog-info.yaml:23: spec.system: `bad ref/x/y` is not an entity reference [kind:][namespace/]name: its namespace contains ':', '/', a space or a control character",
            "catalog-info.yaml:27: metadata.name is given more than once",
            "catalog-info.yaml:30: kind is empty",
        ]
    );
}

#[test]
fn ignores_empty_documents() {
    let text = "---\n# only a comment\n---\nkind: Group\nmetadata: {name: g}\n---\n\n---\n";
    let catalog = ok(text);
    assert_eq!(catalog.entities.len(), 1);
    assert_eq!(catalog.entities[0].line, 4);
    assert_eq!(ok("").entities.len(), 0);
    assert_eq!(ok("---\n").entities.len(), 0);
}

#[test]
fn handles_document_end_markers_directives_and_crlf() {
    let text = "%YAML 1.2\r\n---\r\nkind: Group\r\nmetadata: {name: a}\r\n...\r\n%YAML 1.2\r\n--- # b\r\nkind: Group\r\nmetadata: {name: b}\r\n...\r\nkind: Group\r\nmetadata: {name: c}\r\n";
    let catalog = ok(text);
    let lines: Vec<(&str, usize)> = catalog
        .entities
        .iter()
        .map(|e| (e.name.as_str(), e.line))
        .collect();
    assert_eq!(lines, vec![("a", 3), ("b", 8), ("c", 11)]);
}

#[test]
fn refuses_a_file_over_the_size_limit() {
    let big = format!(
        "kind: Group\nmetadata: {{name: g}}\n#{}\n",
        "x".repeat(MAX_FILE_BYTES)
    );
    let small = "kind: Group\nmetadata: {name: [}\n";
    let errors = parse_catalog(&[file("big.yaml", &big), file("small.yaml", small)]).err();
    let errors = errors.unwrap_or_default();
    assert_eq!(errors.len(), 2);
    assert_eq!((errors[0].file.as_str(), errors[0].line), ("big.yaml", 1));
    assert!(errors[0].message.contains("over 5 MiB"), "{}", errors[0]);
    assert_eq!(errors[1].file, "small.yaml");
}

#[test]
fn bounds_what_aliases_expand_to() {
    let mut bomb = String::from("kind: Component\nmetadata: {name: bomb}\nspec:\n  l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..10 {
        let prev = level - 1;
        let refs = vec![format!("*l{prev}"); 10].join(", ");
        bomb.push_str(&format!("  l{level}: &l{level} [{refs}]\n"));
    }
    let errors = errors(&bomb);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("catalog-info.yaml:"), "{}", errors[0]);

    // A wide alias fan-out, which the library's own repetition limit allows.
    let anchor = vec!["x"; 2_000].join(", ");
    let aliases = vec!["*a"; 2_000].join(", ");
    let wide = format!(
        "kind: Component\nmetadata: {{name: wide}}\nspec:\n  a: &a [{anchor}]\n  b: [{aliases}]\n"
    );
    let errors = self::errors(&wide);
    assert!(errors[0].contains("aliases"), "{errors:?}");

    // Modest use of anchors is fine.
    let fine =
        "kind: Component\nmetadata: {name: m, description: &d shared}\nspec: {lifecycle: *d}\n";
    assert_eq!(ok(fine).entities[0].lifecycle.as_deref(), Some("shared"));
}

#[test]
fn stops_at_the_entity_limit() {
    let doc = "kind: Location\nmetadata: {name: l}\n---\n";
    let text = doc.repeat(MAX_ENTITIES + 5);
    let errors = errors(&text);
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].contains("more than 50000 entities"),
        "{}",
        errors[0]
    );
}

#[test]
fn reads_five_thousand_entities() {
    let mut text = String::new();
    for i in 0..5_000 {
        text.push_str(&format!(
            "---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: service-{i}\n  description: Service number {i}\nspec:\n  type: service\n  lifecycle: production\n  owner: group:team-{}\n  dependsOn: [component:service-{}]\n",
            i % 40,
            (i + 1) % 5_000
        ));
    }
    let catalog = ok(&text);
    assert_eq!(catalog.entities.len(), 5_000);
    assert_eq!(catalog.service_dependencies().0.len(), 5_000);
}
