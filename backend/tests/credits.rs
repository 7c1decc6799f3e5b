//! The money core on SQLite and PostgreSQL: concurrency, idempotency, holds, bad input, the
//! append-only ledger, and a model-based check against an in-memory model.

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on the first broken expectation"
)]

use std::collections::HashMap;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use backend::credits::{self, Posting, WalletRef};
use backend::testing::{T0_MS, TestEnv};
use backend::{Db, Error, on_both_engines};
use domain::AppError;
use domain::credits::{Action, CreditType, OwnerType, RelatedKind};
use domain::i18n::Message;

async fn platform(env: &TestEnv) -> String {
    backend::seed::ensure_platform(&env.ctx).await.unwrap()
}

fn wallet(tenant: &str, owner: &str, credit_type: CreditType) -> WalletRef {
    WalletRef {
        tenant_id: tenant.into(),
        owner_type: OwnerType::Merchant,
        owner_id: owner.into(),
        credit_type,
    }
}

fn posting(w: &WalletRef, action: Action, amount: i64, key: &str) -> Posting {
    Posting {
        wallet: w.clone(),
        action,
        amount,
        related_kind: RelatedKind::None,
        related_id: None,
        description: format!("{} {amount}", action.as_str()),
        message: None,
        idempotency_key: key.into(),
        actor_user_id: None,
    }
}

fn user_error(e: Error) -> AppError {
    match e {
        Error::User(u) => u,
        other => panic!("expected a user error, got {other}"),
    }
}

async fn assert_books_balance(env: &TestEnv) {
    let violations = credits::audit(&env.ctx.db).await.unwrap();
    assert!(violations.is_empty(), "auditor found: {violations:#?}");
}

async fn balance_of(db: &Db, w: &WalletRef) -> (i64, i64) {
    let b = credits::balances(db, w.owner_type, &w.owner_id, &[w.credit_type])
        .await
        .unwrap();
    (b[0].balance, b[0].held)
}

on_both_engines!(
    two_hundred_concurrent_deductions_on_a_wallet_of_one_hundred,
    |env: TestEnv| async move {
        let tenant = platform(&env).await;
        let w = wallet(&tenant, "m-concurrent", CreditType::Coupon);
        credits::post(
            &env.ctx.db,
            T0_MS,
            &posting(&w, Action::Purchase, 100, "buy"),
        )
        .await
        .unwrap();
        let mut tasks = Vec::new();
        for i in 0..200 {
            let db = env.ctx.db.clone();
            let w = w.clone();
            tasks.push(tokio::spawn(async move {
                credits::post(
                    &db,
                    T0_MS,
                    &posting(&w, Action::Deduct, -1, &format!("d{i}")),
                )
                .await
            }));
        }
        let (mut ok, mut refused) = (0, 0);
        for t in tasks {
            match t.await.unwrap() {
                Ok(_) => ok += 1,
                Err(e) => {
                    assert!(matches!(
                        user_error(e),
                        AppError::InsufficientCredits {
                            balance: 0,
                            requested: 1
                        }
                    ));
                    refused += 1;
                }
            }
        }
        assert_eq!((ok, refused), (100, 100));
        assert_eq!(balance_of(&env.ctx.db, &w).await, (0, 0));
        let (rows,): (i64,) =
            sqlx::query_as("select count(*) from ledger_entries where action = 'deduct'")
                .fetch_one(env.ctx.db.pool())
                .await
                .unwrap();
        assert_eq!(rows, 100);
        assert_books_balance(&env).await;
    }
);

on_both_engines!(
    posting_a_key_twice_changes_nothing,
    |env: TestEnv| async move {
        let tenant = platform(&env).await;
        let w = wallet(&tenant, "m-idem", CreditType::WaUi);
        let first = credits::post(
            &env.ctx.db,
            T0_MS,
            &posting(&w, Action::Purchase, 50, "pay-1"),
        )
        .await
        .unwrap();
        let again = credits::post(
            &env.ctx.db,
            T0_MS + 5,
            &posting(&w, Action::Purchase, 50, "pay-1"),
        )
        .await
        .unwrap();
        assert_eq!(first, again);
        assert_eq!(balance_of(&env.ctx.db, &w).await, (50, 0));
        let other = credits::post(
            &env.ctx.db,
            T0_MS,
            &posting(&w, Action::Purchase, 60, "pay-1"),
        )
        .await;
        assert_eq!(
            user_error(other.unwrap_err()),
            AppError::IdempotencyConflict
        );
        // The same key posted from many tasks at once still lands once.
        let mut tasks = Vec::new();
        for _ in 0..20 {
            let db = env.ctx.db.clone();
            let w = w.clone();
            tasks.push(tokio::spawn(async move {
                credits::post(&db, T0_MS, &posting(&w, Action::Purchase, 7, "pay-2")).await
            }));
        }
        let ids: Vec<String> = futures_ids(tasks).await;
        assert!(ids.windows(2).all(|p| p[0] == p[1]));
        assert_eq!(balance_of(&env.ctx.db, &w).await, (57, 0));
        assert_books_balance(&env).await;
    }
);

async fn futures_ids(
    tasks: Vec<tokio::task::JoinHandle<backend::Result<credits::LedgerRow>>>,
) -> Vec<String> {
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap().unwrap().id);
    }
    out
}

on_both_engines!(holding_a_key_twice_holds_once, |env: TestEnv| async move {
    let tenant = platform(&env).await;
    let db = &env.ctx.db;
    let w = wallet(&tenant, "m-hold-idem", CreditType::WaUi);
    credits::post(db, T0_MS, &posting(&w, Action::Purchase, 3, "buy"))
        .await
        .unwrap();
    let hold = |amount: i64, key: &'static str| {
        let (db, w) = (db.clone(), w.clone());
        async move { credits::hold(&db, T0_MS, &w, amount, RelatedKind::Message, None, key).await }
    };
    let first = hold(1, "msg-1").await.unwrap();
    assert_eq!(hold(1, "msg-1").await.unwrap(), first);
    assert_eq!(balance_of(db, &w).await, (3, 1));
    assert_eq!(
        user_error(hold(2, "msg-1").await.unwrap_err()),
        AppError::IdempotencyConflict
    );
    // Once the wallet has nothing left to hold, a replay still answers with its hold.
    hold(2, "msg-2").await.unwrap();
    assert_eq!(balance_of(db, &w).await, (3, 3));
    assert_eq!(hold(1, "msg-1").await.unwrap(), first);
    assert!(matches!(
        user_error(hold(1, "msg-3").await.unwrap_err()),
        AppError::InsufficientCredits {
            balance: 0,
            requested: 1
        }
    ));
    // The same new key from many tasks at once holds once.
    credits::post(db, T0_MS, &posting(&w, Action::Purchase, 5, "buy-2"))
        .await
        .unwrap();
    let tasks: Vec<_> = (0..20).map(|_| tokio::spawn(hold(1, "msg-4"))).collect();
    let mut ids = Vec::new();
    for t in tasks {
        ids.push(t.await.unwrap().unwrap().id);
    }
    assert!(ids.windows(2).all(|p| p[0] == p[1]));
    assert_eq!(balance_of(db, &w).await, (8, 4));
    assert_books_balance(&env).await;
});

on_both_engines!(
    capturing_many_holds_at_once_is_capturing_each,
    |env: TestEnv| async move {
        let tenant = platform(&env).await;
        let db = &env.ctx.db;
        let (a, b) = (
            wallet(&tenant, "m-many-a", CreditType::WaUi),
            wallet(&tenant, "m-many-b", CreditType::WaUi),
        );
        for (w, key) in [(&a, "buy-a"), (&b, "buy-b")] {
            credits::post(db, T0_MS, &posting(w, Action::Purchase, 10, key))
                .await
                .unwrap();
        }
        let mut holds = Vec::new();
        for (i, w) in [&a, &b, &a, &a, &b].into_iter().enumerate() {
            let id = format!("msg-{i}");
            let h = credits::hold(
                db,
                T0_MS,
                w,
                1 + i64::try_from(i).unwrap(),
                RelatedKind::Message,
                Some(&id),
                &format!("wa:{id}"),
            )
            .await
            .unwrap();
            holds.push(h);
        }
        // One of them was captured on its own before (a replay inside the batch).
        let single = credits::capture(db, T0_MS, &holds[2].id, &Message::new("alone"))
            .await
            .unwrap();
        let accepted = Message::new("accepted");
        let texts: Vec<(&str, &Message)> =
            holds.iter().map(|h| (h.id.as_str(), &accepted)).collect();
        let mut tx = db.begin_write().await.unwrap();
        credits::capture_many_in(&mut tx, db.kind(), T0_MS + 1, &texts)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        // a: 10 - (1 + 3 + 4) = 2; b: 10 - (2 + 5) = 3; nothing held any more.
        assert_eq!(balance_of(db, &a).await, (2, 0));
        assert_eq!(balance_of(db, &b).await, (3, 0));
        let rows: Vec<(String, i64, i64, String)> = sqlx::query_as(
            "select related_id, amount, balance_after, idempotency_key from ledger_entries
             where action = 'deduct' order by seq",
        )
        .fetch_all(db.pool())
        .await
        .unwrap();
        assert_eq!(rows.len(), 5, "one deduct row per hold: {rows:?}");
        assert_eq!(rows[0].0, "msg-2");
        assert_eq!(rows[0].3, format!("hold:{}:capture", holds[2].id));
        assert_eq!(rows[0].3, single.idempotency_key);
        // Again is a no-op; a released hold in the list is refused and changes nothing.
        let mut tx = db.begin_write().await.unwrap();
        credits::capture_many_in(&mut tx, db.kind(), T0_MS + 2, &texts)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let h = credits::hold(db, T0_MS, &a, 1, RelatedKind::Message, None, "wa:late")
            .await
            .unwrap();
        credits::release(db, T0_MS, &h.id).await.unwrap();
        let mut tx = db.begin_write().await.unwrap();
        let r = credits::capture_many_in(
            &mut tx,
            db.kind(),
            T0_MS + 3,
            &[(h.id.as_str(), &Message::new("late"))],
        )
        .await;
        assert!(matches!(
            user_error(r.unwrap_err()),
            AppError::HoldResolved { .. }
        ));
        tx.rollback().await.unwrap();
        assert_eq!(balance_of(db, &a).await, (2, 0));
        let (count,): (i64,) =
            sqlx::query_as("select count(*) from ledger_entries where action = 'deduct'")
                .fetch_one(db.pool())
                .await
                .unwrap();
        assert_eq!(count, 5);
        assert_books_balance(&env).await;
    }
);

on_both_engines!(
    holds_are_captured_or_released_once,
    |env: TestEnv| async move {
        let tenant = platform(&env).await;
        let db = &env.ctx.db;
        let w = wallet(&tenant, "m-holds", CreditType::WaBi);
        credits::post(db, T0_MS, &posting(&w, Action::Purchase, 10, "buy"))
            .await
            .unwrap();
        let h1 = credits::hold(
            db,
            T0_MS,
            &w,
            4,
            RelatedKind::Message,
            Some("msg-1"),
            "hold-msg-1",
        )
        .await
        .unwrap();
        let h2 = credits::hold(
            db,
            T0_MS,
            &w,
            4,
            RelatedKind::Message,
            Some("msg-2"),
            "hold-msg-2",
        )
        .await
        .unwrap();
        assert_eq!(balance_of(&env.ctx.db, &w).await, (10, 8));
        // Only 2 are available now: a third hold of 4, or a deduction of 3, is refused.
        let r = credits::hold(
            db,
            T0_MS,
            &w,
            4,
            RelatedKind::Message,
            Some("msg-3"),
            "hold-msg-3",
        )
        .await;
        assert_eq!(
            user_error(r.unwrap_err()),
            AppError::InsufficientCredits {
                balance: 2,
                requested: 4
            }
        );
        let r = credits::post(db, T0_MS, &posting(&w, Action::Deduct, -3, "too-much")).await;
        assert_eq!(
            user_error(r.unwrap_err()),
            AppError::InsufficientCredits {
                balance: 2,
                requested: 3
            }
        );
        // The same hold key again is the same hold.
        let again = credits::hold(
            db,
            T0_MS,
            &w,
            4,
            RelatedKind::Message,
            Some("msg-1"),
            "hold-msg-1",
        )
        .await
        .unwrap();
        assert_eq!(again.id, h1.id);

        let row = credits::capture(
            db,
            T0_MS,
            &h1.id,
            &Message::new("WhatsApp message accepted"),
        )
        .await
        .unwrap();
        assert_eq!(
            (row.action.as_str(), row.amount, row.related_id.as_deref()),
            ("deduct", -4, Some("msg-1"))
        );
        assert_eq!(
            credits::capture(db, T0_MS, &h1.id, &Message::new("again"))
                .await
                .unwrap(),
            row
        );
        assert_eq!(balance_of(&env.ctx.db, &w).await, (6, 4));
        credits::release(db, T0_MS, &h2.id).await.unwrap();
        credits::release(db, T0_MS, &h2.id).await.unwrap();
        assert_eq!(balance_of(&env.ctx.db, &w).await, (6, 0));
        let r = credits::capture(db, T0_MS, &h2.id, &Message::new("late")).await;
        assert_eq!(
            user_error(r.unwrap_err()),
            AppError::HoldResolved {
                status: "released".into()
            }
        );
        let r = credits::release(db, T0_MS, &h1.id).await;
        assert_eq!(
            user_error(r.unwrap_err()),
            AppError::HoldResolved {
                status: "captured".into()
            }
        );
        assert_books_balance(&env).await;
    }
);

on_both_engines!(
    bad_movements_are_refused_and_post_nothing,
    |env: TestEnv| async move {
        let tenant = platform(&env).await;
        let db = &env.ctx.db;
        let w = wallet(&tenant, "m-bad", CreditType::Coupon);
        let cases = [
            posting(&w, Action::Purchase, 0, "a"),
            posting(&w, Action::Purchase, -5, "b"),
            posting(&w, Action::Deduct, 5, "c"),
            posting(&w, Action::Refund, -1, "d"),
            posting(&w, Action::Adjustment, 0, "e"),
            posting(&w, Action::Purchase, i64::MAX, "f"),
            posting(&w, Action::Deduct, i64::MIN, "g"),
            posting(&w, Action::Purchase, 5, ""),
            posting(
                &wallet(&tenant, "m-bad", CreditType::Money),
                Action::Purchase,
                5,
                "h",
            ),
        ];
        for p in &cases {
            let e = credits::post(db, T0_MS, p).await.unwrap_err();
            assert!(
                matches!(user_error(e), AppError::InvalidInput { .. }),
                "{p:?}"
            );
        }
        let mut blank = posting(&w, Action::Purchase, 5, "i");
        blank.description = "  ".into();
        assert!(credits::post(db, T0_MS, &blank).await.is_err());
        assert!(
            credits::hold(db, T0_MS, &w, 0, RelatedKind::Message, None, "j")
                .await
                .is_err()
        );
        assert!(
            credits::hold(db, T0_MS, &w, -3, RelatedKind::Message, None, "k")
                .await
                .is_err()
        );
        let (rows,): (i64,) = sqlx::query_as("select count(*) from ledger_entries")
            .fetch_one(db.pool())
            .await
            .unwrap();
        let (holds,): (i64,) = sqlx::query_as("select count(*) from credit_holds")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!((rows, holds), (0, 0));
        assert_eq!(CreditType::parse("points").unwrap_err().status_code(), 400);
    }
);

on_both_engines!(
    ledger_rows_cannot_be_changed_or_deleted,
    |env: TestEnv| async move {
        let tenant = platform(&env).await;
        let w = wallet(&tenant, "m-append", CreditType::Coupon);
        credits::post(&env.ctx.db, T0_MS, &posting(&w, Action::Purchase, 5, "buy"))
            .await
            .unwrap();
        assert!(
            sqlx::query("update ledger_entries set amount = 500")
                .execute(env.ctx.db.pool())
                .await
                .is_err()
        );
        assert!(
            sqlx::query("delete from ledger_entries")
                .execute(env.ctx.db.pool())
                .await
                .is_err()
        );
        assert_eq!(balance_of(&env.ctx.db, &w).await, (5, 0));
        assert_books_balance(&env).await;
    }
);

on_both_engines!(
    the_auditor_notices_a_tampered_balance,
    |env: TestEnv| async move {
        let tenant = platform(&env).await;
        let w = wallet(&tenant, "m-tamper", CreditType::Coupon);
        credits::post(&env.ctx.db, T0_MS, &posting(&w, Action::Purchase, 5, "buy"))
            .await
            .unwrap();
        sqlx::query("update wallets set balance = 50")
            .execute(env.ctx.db.pool())
            .await
            .unwrap();
        let v = credits::audit(&env.ctx.db).await.unwrap();
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].rule, "balance equals the sum of its ledger rows");
    }
);

/// The in-memory model of one wallet.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Model {
    balance: i64,
    held: i64,
}

#[derive(Debug, Clone)]
enum Op {
    Post(Action, i64),
    Hold(i64),
    Capture(usize),
    Release(usize),
}

fn random_op(rng: &mut StdRng, holds: usize) -> Op {
    match rng.gen_range(0..7) {
        0 => Op::Post(Action::Purchase, rng.gen_range(1..50)),
        1 | 2 => Op::Post(Action::Deduct, -rng.gen_range(1..30)),
        3 => Op::Post(Action::Refund, rng.gen_range(1..10)),
        4 => Op::Post(Action::Adjustment, if rng.gen_bool(0.5) { 5 } else { -5 }),
        5 => Op::Hold(rng.gen_range(1..20)),
        _ if holds == 0 => Op::Hold(1),
        _ if rng.gen_bool(0.5) => Op::Capture(rng.gen_range(0..holds)),
        _ => Op::Release(rng.gen_range(0..holds)),
    }
}

/// Runs `steps` random operations on `w`, checking each outcome against the model as it goes,
/// and returns the model's final state. Every operation is also replayed once with the same
/// key, which must change nothing.
async fn run_model(db: &Db, w: &WalletRef, seed: u64, steps: usize) -> Model {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut m = Model::default();
    let mut holds: Vec<(String, i64, &'static str)> = Vec::new();
    for step in 0..steps {
        let key = format!("{}-{seed}-{step}", w.owner_id);
        match random_op(&mut rng, holds.len()) {
            Op::Post(action, amount) => {
                let p = posting(w, action, amount, &key);
                let expect_ok = m.balance + amount >= m.held;
                let r = credits::post(db, T0_MS, &p).await;
                assert_eq!(r.is_ok(), expect_ok, "step {step}: {p:?} on {m:?}: {r:?}");
                if expect_ok {
                    m.balance += amount;
                    assert_eq!(r.unwrap().balance_after, m.balance);
                    credits::post(db, T0_MS, &p).await.unwrap();
                }
            }
            Op::Hold(amount) => {
                let expect_ok = m.balance - m.held >= amount;
                let r = credits::hold(db, T0_MS, w, amount, RelatedKind::Message, None, &key).await;
                assert_eq!(r.is_ok(), expect_ok, "step {step}: hold {amount} on {m:?}");
                if let Ok(h) = r {
                    m.held += amount;
                    holds.push((h.id, amount, "held"));
                }
            }
            Op::Capture(i) => {
                let (id, amount, status) = holds[i].clone();
                let r = credits::capture(db, T0_MS, &id, &Message::new("accepted")).await;
                match status {
                    "held" => {
                        r.unwrap();
                        m.held -= amount;
                        m.balance -= amount;
                        holds[i].2 = "captured";
                    }
                    "captured" => assert!(r.is_ok(), "capturing twice returns the first row"),
                    _ => assert!(r.is_err()),
                }
            }
            Op::Release(i) => {
                let (id, amount, status) = holds[i].clone();
                let r = credits::release(db, T0_MS, &id).await;
                match status {
                    "held" => {
                        r.unwrap();
                        m.held -= amount;
                        holds[i].2 = "released";
                    }
                    "released" => r.unwrap(),
                    _ => assert!(r.is_err()),
                }
            }
        }
        assert_eq!(balance_of(db, w).await, (m.balance, m.held), "step {step}");
    }
    m
}

on_both_engines!(
    random_sequences_match_the_model_from_concurrent_tasks,
    |env: TestEnv| async move {
        let tenant = platform(&env).await;
        // Four tasks, each with its own wallet, run at once: each checks every outcome against its
        // model, and the books must balance at the end.
        let mut tasks = Vec::new();
        for seed in 0..4_u64 {
            let w = wallet(
                &tenant,
                &format!("m-model-{seed}"),
                CreditType::MERCHANT[usize::try_from(seed % 3).unwrap()],
            );
            let db = env.ctx.db.clone();
            tasks.push(tokio::spawn(async move {
                let m = run_model(&db, &w, seed, 120).await;
                (w, m)
            }));
        }
        let mut models = HashMap::new();
        for t in tasks {
            let (w, m) = t.await.unwrap();
            models.insert(w.id(), m);
        }
        for (id, m) in &models {
            let (b, h): (i64, i64) =
                sqlx::query_as("select balance, held from wallets where id = $1")
                    .bind(id)
                    .fetch_one(env.ctx.db.pool())
                    .await
                    .unwrap();
            assert_eq!((b, h), (m.balance, m.held), "{id}");
        }
        assert_books_balance(&env).await;
    }
);

on_both_engines!(
    contended_random_operations_keep_the_books_exact,
    |env: TestEnv| async move {
        let tenant = platform(&env).await;
        let w = wallet(&tenant, "m-shared", CreditType::Coupon);
        credits::post(
            &env.ctx.db,
            T0_MS,
            &posting(&w, Action::Purchase, 200, "seed"),
        )
        .await
        .unwrap();
        // Eight tasks hammer one wallet; whatever interleaving happens, the balance must equal the
        // sum of the movements that succeeded, and the auditor must find nothing.
        let mut tasks = Vec::new();
        for seed in 0..8_u64 {
            let db = env.ctx.db.clone();
            let w = w.clone();
            tasks.push(tokio::spawn(async move {
                let mut rng = StdRng::seed_from_u64(100 + seed);
                let mut net = 0_i64;
                for step in 0..40 {
                    let key = format!("c-{seed}-{step}");
                    let (action, amount) = if rng.gen_bool(0.4) {
                        (Action::Purchase, rng.gen_range(1..20))
                    } else {
                        (Action::Deduct, -rng.gen_range(1..25))
                    };
                    match credits::post(&db, T0_MS, &posting(&w, action, amount, &key)).await {
                        Ok(_) => net += amount,
                        Err(Error::User(AppError::InsufficientCredits { .. })) => {}
                        Err(e) => panic!("{e}"),
                    }
                }
                net
            }));
        }
        let mut net = 200;
        for t in tasks {
            net += t.await.unwrap();
        }
        assert_eq!(balance_of(&env.ctx.db, &w).await, (net, 0));
        assert_books_balance(&env).await;
    }
);

on_both_engines!(
    only_the_super_admin_adjusts_and_a_form_posts_once,
    |env: TestEnv| async move {
        use backend::credits::Adjustment;
        use domain::auth::Password;
        backend::seed::demo(
            &env.ctx,
            &Password::parse(backend::testing::DEMO_PASSWORD).unwrap(),
        )
        .await
        .unwrap();
        let platform = platform(&env).await;
        let (nasi,): (String,) = sqlx::query_as(
            "select id from merchants where company_name = 'Nasi Lemak House Sdn Bhd'",
        )
        .fetch_one(env.ctx.db.pool())
        .await
        .unwrap();
        let (admin, _) = backend::auth::login(
            &env.ctx,
            &platform,
            "admin@coupons.test",
            backend::testing::DEMO_PASSWORD,
            "1.1.1.1",
        )
        .await
        .unwrap();
        let (finance, _) = backend::auth::login(
            &env.ctx,
            &platform,
            "finance@coupons.test",
            backend::testing::DEMO_PASSWORD,
            "1.1.1.1",
        )
        .await
        .unwrap();
        let a = Adjustment {
            merchant_id: nasi.clone(),
            credit_type: "wa_ui".into(),
            amount: "+40".into(),
            reason: "Goodwill after outage".into(),
            token: "ab".repeat(16),
        };
        let row = credits::adjust(&env.ctx.db, T0_MS, &admin, &a)
            .await
            .unwrap();
        assert_eq!((row.action.as_str(), row.amount), ("adjustment", 40));
        assert_eq!(
            credits::adjust(&env.ctx.db, T0_MS, &admin, &a)
                .await
                .unwrap()
                .id,
            row.id
        );
        assert_eq!(
            user_error(
                credits::adjust(&env.ctx.db, T0_MS, &finance, &a)
                    .await
                    .unwrap_err()
            ),
            AppError::Forbidden
        );
        for (amount, reason, token, credit) in [
            ("0", "ok reason", "cd", "wa_ui"),
            ("1.5", "ok reason", "ce", "wa_ui"),
            ("-5", "", "cf", "wa_ui"),
            ("5", "ok reason", "zz", "wa_ui"),
            ("5", "ok reason", "d0", "money"),
        ] {
            let bad = Adjustment {
                merchant_id: nasi.clone(),
                credit_type: credit.into(),
                amount: amount.into(),
                reason: reason.into(),
                token: token.repeat(16),
            };
            let e = user_error(
                credits::adjust(&env.ctx.db, T0_MS, &admin, &bad)
                    .await
                    .unwrap_err(),
            );
            assert!(
                matches!(e, AppError::InvalidInput { .. }),
                "{amount} {reason:?} {token}: {e:?}"
            );
        }
        // Taking away more than is there is refused like any deduction.
        let too_much = Adjustment {
            amount: "-41".into(),
            token: "ef".repeat(16),
            ..a.clone()
        };
        assert!(matches!(
            user_error(
                credits::adjust(&env.ctx.db, T0_MS, &admin, &too_much)
                    .await
                    .unwrap_err()
            ),
            AppError::InsufficientCredits { .. }
        ));
        // Visibility: the agent sees its merchant's line, the main platform's merchant does not.
        let agent_tenant: (String,) =
            sqlx::query_as("select tenant_id from merchants where id = $1")
                .bind(&nasi)
                .fetch_one(env.ctx.db.pool())
                .await
                .unwrap();
        let (owner, _) = backend::auth::login(
            &env.ctx,
            &agent_tenant.0,
            "agent@superdeals.test",
            backend::testing::DEMO_PASSWORD,
            "1.1.1.1",
        )
        .await
        .unwrap();
        let (kopi, _) = backend::auth::login(
            &env.ctx,
            &platform,
            "kopi@coupons.test",
            backend::testing::DEMO_PASSWORD,
            "1.1.1.1",
        )
        .await
        .unwrap();
        let q = domain::credits::LedgerQuery::default();
        let seen = |who: &domain::auth::Principal| {
            let db = env.ctx.db.clone();
            let who = who.clone();
            let q = q.clone();
            async move {
                let scope = credits::ledger_scope(&who).unwrap();
                credits::ledger_page(&db, &scope, &q, 50)
                    .await
                    .unwrap()
                    .lines
                    .len()
            }
        };
        assert_eq!(seen(&owner).await, 1);
        assert_eq!(seen(&admin).await, 1);
        assert_eq!(seen(&finance).await, 1);
        assert_eq!(seen(&kopi).await, 0);
        let (support, _) = backend::auth::login(
            &env.ctx,
            &platform,
            "support@coupons.test",
            backend::testing::DEMO_PASSWORD,
            "1.1.1.1",
        )
        .await
        .unwrap();
        assert_eq!(
            user_error(credits::ledger_scope(&support).unwrap_err()),
            AppError::Forbidden
        );
        assert_books_balance(&env).await;
    }
);

on_both_engines!(
    concurrent_first_postings_to_a_new_wallet_all_land,
    |env: TestEnv| async move {
        // Sixteen purchases race to create the same wallet: none may be refused because another
        // transaction created the wallet after this one's first update looked for it.
        let tenant = platform(&env).await;
        for round in 0..5 {
            let w = wallet(&tenant, &format!("fresh-{round}"), CreditType::Coupon);
            let tasks: Vec<_> = (0..16)
                .map(|i| {
                    let db = env.ctx.db.clone();
                    let p = posting(&w, Action::Purchase, 10, &format!("first-{round}-{i}"));
                    tokio::spawn(async move { credits::post(&db, T0_MS, &p).await })
                })
                .collect();
            for t in tasks {
                t.await.unwrap().unwrap();
            }
            assert_eq!(balance_of(&env.ctx.db, &w).await.0, 160);
        }
        assert_books_balance(&env).await;
    }
);

on_both_engines!(
    a_ledger_line_reads_in_its_readers_language_and_keeps_its_english_record,
    |env: TestEnv| async move {
        use domain::i18n::Locale;
        let tenant = platform(&env).await;
        let w = wallet(&tenant, "m-words", CreditType::Coupon);
        let bought = Message::new("ledger-bought")
            .with("credits", 1_000)
            .with("type", "coupon");
        let mut p = posting(&w, Action::Purchase, 1_000, "words-bought");
        p.description = bought.english();
        p.message = Some(bought);
        credits::post(&env.ctx.db, T0_MS, &p).await.unwrap();
        // A line from before the languages, and one whose key this version does not know.
        let mut old = posting(&w, Action::Deduct, -1, "words-old");
        old.description = "Posted before the languages".into();
        credits::post(&env.ctx.db, T0_MS + 1, &old).await.unwrap();
        let mut future = posting(&w, Action::Deduct, -1, "words-future");
        future.description = "Words from a newer version".into();
        future.message = Some(Message::new("ledger-from-a-newer-version").with("n", 1));
        credits::post(&env.ctx.db, T0_MS + 2, &future)
            .await
            .unwrap();

        let scope = credits::LedgerScope::Merchant("m-words".into());
        let page = credits::ledger_page(
            &env.ctx.db,
            &scope,
            &domain::credits::LedgerQuery::default(),
            50,
        )
        .await
        .unwrap();
        let [future, old, bought] = &page.lines[..] else {
            panic!("three lines: {:?}", page.lines)
        };
        assert_eq!(bought.description, "Bought 1,000 Coupon credits");
        assert_eq!(bought.text(Locale::En), "Bought 1,000 Coupon credits");
        assert_eq!(bought.text(Locale::Ms), "Membeli 1,000 kredit Kupon");
        assert_eq!(bought.text(Locale::ZhHans), "购买 1,000 优惠券点数");
        for l in Locale::ALL {
            assert_eq!(old.text(l), "Posted before the languages");
            assert_eq!(future.text(l), "Words from a newer version");
        }
        // The bank record is the English words, whatever the readers see.
        let stored: Vec<(String,)> = sqlx::query_as(
            "select description from ledger_entries where owner_id = 'm-words' order by seq",
        )
        .fetch_all(env.ctx.db.pool())
        .await
        .unwrap();
        assert_eq!(stored[0].0, "Bought 1,000 Coupon credits");
        assert_books_balance(&env).await;
    }
);
