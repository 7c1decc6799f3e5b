//! `server ledger-audit` exits 0 on balanced books and non-zero, naming the rows, otherwise.

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on the first broken expectation"
)]

use std::process::Command;

use backend::credits::{self, Posting, WalletRef};
use backend::on_both_engines;
use backend::testing::{T0_MS, TestEnv};
use domain::credits::{Action, CreditType, OwnerType, RelatedKind};

fn audit(env: &TestEnv) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("ledger-audit")
        .env("DATABASE_URL", env.ctx.config.database_url.expose())
        .env("DATA_DIR", &env.dir)
        .env_remove("REDIS_URL")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

on_both_engines!(
    the_audit_command_passes_balanced_books_and_fails_tampered_ones,
    |env: TestEnv| async move {
        let tenant = backend::seed::ensure_platform(&env.ctx).await.unwrap();
        let wallet = WalletRef {
            tenant_id: tenant,
            owner_type: OwnerType::Merchant,
            owner_id: "m1".into(),
            credit_type: CreditType::Coupon,
        };
        let p = Posting {
            wallet,
            action: Action::Purchase,
            amount: 10,
            related_kind: RelatedKind::None,
            related_id: None,
            description: "bought".into(),
            message: None,
            idempotency_key: "k1".into(),
            actor_user_id: None,
        };
        credits::post(&env.ctx.db, T0_MS, &p).await.unwrap();
        let (ok, out) = audit(&env);
        assert!(ok, "{out}");
        sqlx::query("update wallets set balance = 11")
            .execute(env.ctx.db.pool())
            .await
            .unwrap();
        let (ok, out) = audit(&env);
        assert!(!ok);
        assert!(
            out.contains("VIOLATION balance equals the sum of its ledger rows: merchant:m1:coupon"),
            "{out}"
        );
    }
);
