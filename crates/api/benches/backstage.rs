//! Importing a 5,000-entity Backstage catalog: the large portfolio's services
//! written as one `catalog-info.yaml` each (owner, system, the map's
//! dependencies as `dependsOn`), imported into an empty workspace.
//!
//! `cargo bench -p signalbox-api --bench backstage`; figures go in docs/benchmarks.md.

// A benchmark, like a test, should stop loudly on a failed setup.
#![allow(clippy::unwrap_used)]

use std::fmt::Write;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use signalbox_api::domain::demo::generate;
use signalbox_api::{DemoSize, Workspace};

fn catalog_folder() -> tempfile::TempDir {
    let p = generate(
        DemoSize::Large,
        1,
        chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
    );
    let mut deps: Vec<Vec<usize>> = vec![Vec::new(); p.services.len()];
    for d in &p.dependencies {
        if !deps[d.from].contains(&d.to) {
            deps[d.from].push(d.to);
        }
    }
    let dir = tempfile::tempdir().unwrap();
    for (i, s) in p.services.iter().enumerate() {
        let folder = dir
            .path()
            .join(s.input.system.to_lowercase())
            .join(&s.input.name);
        std::fs::create_dir_all(&folder).unwrap();
        let mut yaml = format!(
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {}\n  description: {}\nspec:\n  type: service\n  lifecycle: production\n  owner: group:{}\n  system: {}\n  dependsOn:\n",
            s.input.name,
            s.input.description.replace(':', " -"),
            p.teams[s.owner].name.to_lowercase().replace(' ', "-"),
            s.input.system.to_lowercase()
        );
        for d in &deps[i] {
            writeln!(yaml, "    - component:{}", p.services[*d].input.name).unwrap();
        }
        std::fs::write(folder.join("catalog-info.yaml"), yaml).unwrap();
    }
    dir
}

fn backstage(c: &mut Criterion) {
    let catalog = catalog_folder();
    let mut g = c.benchmark_group("backstage");
    g.sample_size(10);
    g.bench_function(
        "import 5,000 components with 25,000 dependencies (5,000 files)",
        |b| {
            b.iter_batched(
                || {
                    let dir = tempfile::tempdir().unwrap();
                    let mut ws = Workspace::open(&dir.path().join("bench.signalbox")).unwrap();
                    ws.set_display_name("Bench").unwrap();
                    (dir, ws)
                },
                |(dir, mut ws)| {
                    let report = ws.import_backstage(catalog.path()).unwrap();
                    assert_eq!(report.services_created, 5000);
                    (dir, ws)
                },
                BatchSize::PerIteration,
            )
        },
    );
    g.finish();
}

criterion_group!(benches, backstage);
criterion_main!(benches);
