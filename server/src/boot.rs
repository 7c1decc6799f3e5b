//! Start-up: configuration, storage, the platform row, demo data, and the printed logins.

use anyhow::Context;

use backend::{Config, Ctx, ids, seed};
use domain::auth::Password;

/// Connects storage and the queue and makes sure the main platform exists.
pub async fn connect(config: Config) -> anyhow::Result<Ctx> {
    let max_connections = if config.is_sqlite() { 8 } else { 20 };
    let ctx = Ctx::connect(config, max_connections)
        .await
        .context("connecting to the database (DATABASE_URL) and queue (REDIS_URL)")?;
    seed::ensure_platform(&ctx)
        .await
        .context("creating the main platform")?;
    Ok(ctx)
}

/// Seeds the demo data on a first start and prints the logins. The password is `DEMO_PASSWORD`
/// or a random one, printed once and kept in `<data dir>/demo-logins.txt`.
pub async fn demo_data(ctx: &Ctx) -> anyhow::Result<()> {
    let (password, generated) = match &ctx.config.demo_password {
        Some(p) => (p.expose().to_owned(), false),
        None => (ids::random_hex(8), true),
    };
    let password =
        Password::parse_new(&password).map_err(|e| anyhow::anyhow!("DEMO_PASSWORD: {e}"))?;
    let logins = seed::demo(ctx, &password)
        .await
        .context("seeding demo data")?;
    if logins.is_empty() {
        return Ok(());
    }
    // The demo coupons are a nicety: the site runs without them.
    if let Err(e) = seed::demo_coupons(ctx).await {
        tracing::warn!(error = %e, "seeding the demo coupons failed");
    }
    let mut text = String::from("Demo logins (first start)\n");
    for l in &logins {
        text.push_str(&format!("  {:<28} {:<32} {}\n", l.email, l.role, l.url));
    }
    if generated {
        text.push_str(&format!(
            "  password for every demo login: {}\n",
            password.expose()
        ));
    } else {
        text.push_str("  password for every demo login: the DEMO_PASSWORD you set\n");
    }
    println!("\n{text}");
    let file = ctx.config.data_dir.join("demo-logins.txt");
    std::fs::create_dir_all(&ctx.config.data_dir).ok();
    std::fs::write(&file, &text).with_context(|| format!("writing {}", file.display()))?;
    Ok(())
}
