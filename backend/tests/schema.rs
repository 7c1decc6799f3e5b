//! The two migration folders describe one schema: after migrating, SQLite and PostgreSQL have
//! the same tables, columns (type spelling aside), nullability, primary keys, indexes, unique
//! and foreign keys, and the same number of CHECK constraints per table. And a landed
//! migration is never edited: every file's SHA-256 is recorded in `migrations/checksums.txt`,
//! that file only ever grows (checked against the repository's history), and a new migration
//! needs its line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use backend::testing::{self, Engine};
use sha2::{Digest, Sha256};
use sqlx::{AnyPool, Row};

/// One table as both engines can describe it.
#[derive(Debug, Default, PartialEq, Eq)]
struct Table {
    /// column → (portable type, not null)
    columns: BTreeMap<String, (String, bool)>,
    primary_key: Vec<String>,
    /// (unique, columns or expression, partial)
    indexes: BTreeSet<(bool, String, bool)>,
    /// (columns, referenced table, referenced columns)
    foreign_keys: BTreeSet<(String, String, String)>,
    checks: usize,
}

/// The type families sqlx `Any` can carry; spelling differs between the engines.
fn portable(ty: &str) -> String {
    let t = ty.to_ascii_lowercase();
    let family = if t.contains("int") {
        "integer"
    } else if t.contains("char") || t.contains("text") || t.contains("clob") {
        "text"
    } else if t.contains("real") || t.contains("double") || t.contains("float") {
        "real"
    } else if t.contains("blob") || t.contains("bytea") {
        "blob"
    } else {
        &t
    };
    family.to_owned()
}

async fn rows(pool: &AnyPool, sql: &str) -> Vec<sqlx::any::AnyRow> {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_all(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn text(row: &sqlx::any::AnyRow, i: usize) -> String {
    row.try_get::<String, _>(i).unwrap_or_default()
}

/// Counts `check (` / `check(` in a table's SQL text (SQLite keeps CHECKs only there).
fn count_checks(sql: &str) -> usize {
    let lower = sql.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut n = 0;
    let mut i = 0;
    while let Some(pos) = lower[i..].find("check") {
        let at = i + pos;
        let before_ok =
            at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
        let rest = lower[at + 5..].trim_start();
        if before_ok && rest.starts_with('(') {
            n += 1;
        }
        i = at + 5;
    }
    n
}

/// The column list of a `create [unique] index … on t (…) [where …]` statement, normalised.
fn index_target(sql: &str) -> (String, bool) {
    let lower = sql.to_ascii_lowercase();
    let Some(open) = lower
        .find(" on ")
        .and_then(|on| lower[on..].find('(').map(|p| on + p))
    else {
        return (lower, false);
    };
    let mut depth = 0;
    let mut end = open;
    for (k, c) in lower[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    end = open + k;
                    break;
                }
            }
            _ => {}
        }
    }
    let cols: String = lower[open + 1..end]
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '"')
        .collect();
    let partial = lower[end..].contains(" where ");
    (cols, partial)
}

async fn sqlite_schema(pool: &AnyPool) -> BTreeMap<String, Table> {
    let mut out = BTreeMap::new();
    let tables = rows(
        pool,
        "select name, sql from sqlite_master where type = 'table' \
         and name not like 'sqlite_%' and name not like '_sqlx%' order by name",
    )
    .await;
    for t in tables {
        let name = text(&t, 0);
        let mut table = Table {
            checks: count_checks(&text(&t, 1)),
            ..Table::default()
        };
        let mut pk: Vec<(i64, String)> = Vec::new();
        for c in rows(
            pool,
            &format!("select name, type, \"notnull\", pk from pragma_table_info('{name}')"),
        )
        .await
        {
            let col = text(&c, 0);
            let pk_pos: i64 = c.try_get(3).unwrap_or(0);
            // A primary key column is never null, whether or not SQLite was told so.
            let not_null = c.try_get::<i64, _>(2).unwrap_or(0) == 1 || pk_pos > 0;
            if pk_pos > 0 {
                pk.push((pk_pos, col.clone()));
            }
            table
                .columns
                .insert(col, (portable(&text(&c, 1)), not_null));
        }
        pk.sort();
        table.primary_key = pk.into_iter().map(|(_, c)| c).collect();
        for i in rows(
            pool,
            &format!("select name, \"unique\", origin, partial from pragma_index_list('{name}')"),
        )
        .await
        {
            let index = text(&i, 0);
            let unique = i.try_get::<i64, _>(1).unwrap_or(0) == 1;
            let origin = text(&i, 2);
            if origin == "pk" {
                continue;
            }
            let cols: Vec<String> = rows(
                pool,
                &format!(
                    "select name from pragma_index_xinfo('{index}') where key = 1 order by seqno"
                ),
            )
            .await
            .iter()
            .map(|r| text(r, 0))
            .collect();
            let target = if cols.iter().any(String::is_empty) {
                // An expression index: compare its text.
                let sql = rows(
                    pool,
                    &format!("select sql from sqlite_master where name = '{index}'"),
                )
                .await;
                index_target(&text(&sql[0], 0)).0
            } else {
                cols.join(",")
            };
            let partial = i.try_get::<i64, _>(3).unwrap_or(0) == 1;
            table.indexes.insert((unique, target, partial));
        }
        let mut fks: BTreeMap<i64, (Vec<String>, String, Vec<String>)> = BTreeMap::new();
        for f in rows(pool, &format!("select id, \"table\", \"from\", \"to\" from pragma_foreign_key_list('{name}') order by id, seq")).await {
            let id: i64 = f.try_get(0).unwrap_or(0);
            let e = fks.entry(id).or_insert_with(|| (Vec::new(), text(&f, 1), Vec::new()));
            e.0.push(text(&f, 2));
            let to = text(&f, 3);
            e.2.push(to);
        }
        for (_, (from, to_table, to)) in fks {
            // SQLite leaves "to" empty when the reference names no column: the primary key.
            let to = if to.iter().all(String::is_empty) {
                "id".to_owned()
            } else {
                to.join(",")
            };
            table.foreign_keys.insert((from.join(","), to_table, to));
        }
        out.insert(name, table);
    }
    out
}

async fn postgres_schema(pool: &AnyPool) -> BTreeMap<String, Table> {
    let mut out = BTreeMap::new();
    let tables = rows(
        pool,
        "select table_name::text from information_schema.tables where table_schema = 'public' \
         and table_type = 'BASE TABLE' and table_name not like '_sqlx%' order by 1",
    )
    .await;
    for t in tables {
        let name = text(&t, 0);
        let mut table = Table::default();
        for c in rows(pool, &format!("select column_name::text, data_type::text, is_nullable::text from information_schema.columns where table_schema = 'public' and table_name = '{name}'")).await {
            table.columns.insert(text(&c, 0), (portable(&text(&c, 1)), text(&c, 2) == "NO"));
        }
        for c in rows(
            pool,
            &format!(
                "select c.contype::text, pg_get_constraintdef(c.oid)::text from pg_constraint c \
             join pg_class r on r.oid = c.conrelid join pg_namespace n on n.oid = r.relnamespace \
             where n.nspname = 'public' and r.relname = '{name}'"
            ),
        )
        .await
        {
            let kind = text(&c, 0);
            let def = text(&c, 1).to_ascii_lowercase();
            match kind.as_str() {
                "c" => table.checks += 1,
                "p" => {
                    let cols = def
                        .trim_start_matches("primary key")
                        .trim()
                        .trim_matches(|c| c == '(' || c == ')');
                    table.primary_key = cols
                        .split(',')
                        .map(|s| s.trim().trim_matches('"').to_owned())
                        .collect();
                }
                "f" => {
                    // foreign key (a, b) references t(x, y) [on delete …]
                    let from = def
                        .split_once('(')
                        .and_then(|(_, r)| r.split_once(')'))
                        .map(|(c, _)| c)
                        .unwrap_or("");
                    let refs = def.split_once("references ").map(|(_, r)| r).unwrap_or("");
                    let (to_table, rest) = refs.split_once('(').unwrap_or((refs, ""));
                    let to = rest.split_once(')').map(|(c, _)| c).unwrap_or("");
                    let clean = |s: &str| {
                        s.split(',')
                            .map(|p| p.trim().trim_matches('"'))
                            .collect::<Vec<_>>()
                            .join(",")
                    };
                    table.foreign_keys.insert((
                        clean(from),
                        to_table.trim().trim_matches('"').to_owned(),
                        clean(to),
                    ));
                }
                _ => {}
            }
        }
        for i in rows(pool, &format!(
            "select i.indexdef::text, case when x.indisunique then 1 else 0 end::int8, case when x.indisprimary then 1 else 0 end::int8 from pg_indexes i \
             join pg_class c on c.relname = i.indexname \
             join pg_index x on x.indexrelid = c.oid \
             where i.schemaname = 'public' and i.tablename = '{name}'")).await {
            if i.try_get::<i64, _>(2).unwrap_or(0) == 1 {
                continue;
            }
            let unique = i.try_get::<i64, _>(1).unwrap_or(0) == 1;
            let (target, partial) = index_target(&text(&i, 0).replace(" using btree ", " "));
            table.indexes.insert((unique, target, partial));
        }
        out.insert(name, table);
    }
    out
}

#[tokio::test]
async fn sqlite_and_postgres_migrations_produce_the_same_schema() {
    let Some(lite) = testing::env(Engine::Sqlite).await else {
        return;
    };
    let Some(pg) = testing::env(Engine::Postgres).await else {
        return;
    };
    let a = sqlite_schema(lite.ctx.db.pool()).await;
    let b = postgres_schema(pg.ctx.db.pool()).await;
    let mut differences = Vec::new();
    let names: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    for name in names {
        match (a.get(name), b.get(name)) {
            (Some(x), Some(y)) => {
                if x.columns != y.columns {
                    let cols: BTreeSet<&String> =
                        x.columns.keys().chain(y.columns.keys()).collect();
                    for c in cols {
                        let (l, p) = (x.columns.get(c), y.columns.get(c));
                        if l != p {
                            differences.push(format!("{name}.{c}: sqlite {l:?}, postgres {p:?}"));
                        }
                    }
                }
                if x.primary_key != y.primary_key {
                    differences.push(format!(
                        "{name} primary key: sqlite {:?}, postgres {:?}",
                        x.primary_key, y.primary_key
                    ));
                }
                for i in x.indexes.symmetric_difference(&y.indexes) {
                    let side = if x.indexes.contains(i) {
                        "sqlite only"
                    } else {
                        "postgres only"
                    };
                    differences.push(format!(
                        "{name} index (unique, columns, partial) {i:?}: {side}"
                    ));
                }
                for f in x.foreign_keys.symmetric_difference(&y.foreign_keys) {
                    let side = if x.foreign_keys.contains(f) {
                        "sqlite only"
                    } else {
                        "postgres only"
                    };
                    differences.push(format!("{name} foreign key {f:?}: {side}"));
                }
                if x.checks != y.checks {
                    differences.push(format!(
                        "{name} check constraints: sqlite {}, postgres {}",
                        x.checks, y.checks
                    ));
                }
            }
            (Some(_), None) => differences.push(format!("{name}: only in SQLite")),
            (None, Some(_)) => differences.push(format!("{name}: only in PostgreSQL")),
            (None, None) => {}
        }
    }
    assert!(
        differences.is_empty(),
        "the SQLite and PostgreSQL migrations disagree:\n{}",
        differences.join("\n")
    );
    assert!(
        a.len() > 20,
        "expected the whole schema, found {} tables",
        a.len()
    );
}

fn migrations_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations")
}

/// `path → sha256` as recorded in `migrations/checksums.txt` (`<hex>  <dir>/<file>` lines).
fn recorded(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once("  "))
        .map(|(h, p)| (p.trim().to_owned(), h.trim().to_owned()))
        .collect()
}

#[test]
fn every_migration_matches_its_recorded_checksum() {
    let dir = migrations_dir();
    let list =
        std::fs::read_to_string(dir.join("checksums.txt")).expect("migrations/checksums.txt");
    let recorded = recorded(&list);
    let mut problems = Vec::new();
    for engine in ["sqlite", "postgres"] {
        let mut files: Vec<_> = std::fs::read_dir(dir.join(engine))
            .expect("migration folder")
            .flatten()
            .collect();
        files.sort_by_key(std::fs::DirEntry::file_name);
        for f in files {
            let key = format!("{engine}/{}", f.file_name().to_string_lossy());
            let hash: String = Sha256::digest(std::fs::read(f.path()).expect("read migration"))
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            match recorded.get(&key) {
                Some(h) if *h == hash => {}
                Some(_) => problems.push(format!(
                    "{key} was edited after it landed: add a new migration instead"
                )),
                None => problems.push(format!(
                    "{key} has no line in migrations/checksums.txt: add `{hash}  {key}`"
                )),
            }
        }
    }
    for key in recorded.keys() {
        if !dir.join(key).exists() {
            problems.push(format!(
                "{key} is recorded but gone: landed migrations are never removed"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The checksum list only grows: no commit in the history removed or changed a line of it.
/// (Skipped outside a git checkout, e.g. in a source tarball.)
#[test]
fn the_checksum_list_only_ever_grows() {
    let out = std::process::Command::new("git")
        .args([
            "log",
            "-p",
            "--format=commit %h",
            "--",
            "migrations/checksums.txt",
        ])
        .current_dir(migrations_dir())
        .output();
    let Ok(out) = out else {
        eprintln!("note: git not found; skipping the history check");
        return;
    };
    if !out.status.success() {
        eprintln!("note: not a git checkout; skipping the history check");
        return;
    }
    let log = String::from_utf8_lossy(&out.stdout);
    let mut commit = "";
    let mut removed = Vec::new();
    for line in log.lines() {
        if let Some(c) = line.strip_prefix("commit ") {
            commit = c;
        } else if line.starts_with('-')
            && !line.starts_with("---")
            && line.len() > 1
            && !line[1..].starts_with('#')
        {
            removed.push(format!("{commit}: {line}"));
        }
    }
    assert!(
        removed.is_empty(),
        "migrations/checksums.txt lost or changed lines:\n{}",
        removed.join("\n")
    );
}
