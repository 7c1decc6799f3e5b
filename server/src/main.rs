//! `server`: runs the site (default), or an admin command.
//!
//! Commands:
//! - `server` — serve the site (and run the worker in-process unless `RUN_WORKER=false`);
//! - `server create-admin EMAIL "NAME"` — add a main-platform Super Admin; the password comes
//!   from `ADMIN_PASSWORD` or is generated and printed;
//! - `server ledger-audit` — check every wallet and hold against the ledger; exits non-zero
//!   and prints the offending rows on any violation.

use std::net::SocketAddr;

use anyhow::{Context, bail};

use backend::auth::{NewUser, NewUserKind};
use domain::auth::{Email, Password, Permission, Permissions};
use server::{AppState, boot, leptos_options, router};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    worker::observe::init_logging(backend::config::LogFormat::from_env()?, "info,sqlx=warn");
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = backend::Config::from_env()?;
    match args.first().map(String::as_str) {
        None | Some("serve") => serve(config).await,
        Some("create-admin") => create_admin(config, &args[1..]).await,
        Some("ledger-audit") => ledger_audit(config).await,
        Some(other) => bail!(
            "unknown command {other:?}; commands: serve, create-admin EMAIL NAME, ledger-audit"
        ),
    }
}

async fn serve(config: backend::Config) -> anyhow::Result<()> {
    let addr = config.bind_addr;
    let ctx = boot::connect(config).await?;
    if ctx.config.demo_data {
        boot::demo_data(&ctx).await?;
    }
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(());
    if ctx.config.run_worker {
        let worker_ctx = ctx.clone();
        let mut rx = stop_rx.clone();
        tokio::spawn(worker::run(worker_ctx, async move {
            let _ = rx.changed().await;
        }));
    }
    worker::observe::spawn_metrics(&ctx, stop_rx.clone());
    let state = AppState {
        leptos_options: leptos_options()?,
        ctx: ctx.clone(),
    };
    let app = router(state);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    tracing::info!(
        "listening on http://{addr} (database: {}, queue: {}, worker: {})",
        ctx.db.kind().name(),
        ctx.queue.name(),
        if ctx.config.run_worker {
            "in-process"
        } else {
            "external"
        },
    );
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        let _ = tokio::signal::ctrl_c().await;
        let _ = stop_tx.send(());
    })
    .await?;
    Ok(())
}

async fn create_admin(config: backend::Config, args: &[String]) -> anyhow::Result<()> {
    let [email, name] = args else {
        bail!("usage: server create-admin EMAIL \"NAME\"")
    };
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("{e}"))?;
    let (password, generated) = match std::env::var("ADMIN_PASSWORD") {
        Ok(p) => (p, false),
        Err(_) => (backend::ids::random_hex(10), true),
    };
    let password =
        Password::parse_new(&password).map_err(|e| anyhow::anyhow!("ADMIN_PASSWORD: {e}"))?;
    let ctx = boot::connect(config).await?;
    let platform = backend::seed::ensure_platform(&ctx).await?;
    let kind = NewUserKind::PlatformStaff(Permissions::of(&[Permission::SuperAdmin]));
    let new = NewUser {
        tenant_id: platform,
        email: email.clone(),
        display_name: name.clone(),
        password: password.clone(),
        kind,
    };
    backend::auth::create_user(&ctx, new)
        .await
        .map_err(|e| anyhow::anyhow!("{}", e.into_app("create-admin")))?;
    println!("Super Admin {} created.", email.as_str());
    if generated {
        println!("Password: {}", password.expose());
    }
    Ok(())
}

async fn ledger_audit(config: backend::Config) -> anyhow::Result<()> {
    let db = backend::Db::connect(config.database_url.expose(), 2)
        .await
        .context("connecting to the database")?;
    let violations = backend::credits::audit(&db)
        .await
        .map_err(|e| anyhow::anyhow!("audit failed: {e}"))?;
    if violations.is_empty() {
        println!(
            "ledger audit: every wallet balances, every key is used once, every hold resolved once"
        );
        return Ok(());
    }
    for v in &violations {
        println!("VIOLATION {}: {}", v.rule, v.detail);
    }
    bail!("ledger audit found {} violation(s)", violations.len())
}
