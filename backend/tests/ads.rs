//! Paid ads on SQLite and PostgreSQL: the targeting matrix, who may approve on both platforms,
//! reject → refund exactly once (and the agent's platform cost back once), expiry by the clock,
//! webhook replays, and honest beacons (forged, replayed, bots, 1,000 in parallel).

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on the first broken expectation"
)]

use std::io::Cursor;

use backend::ads::{self, Counted};
use backend::paid::Applied;
use backend::staff::{self, NewStaff};
use backend::testing::{DEMO_PASSWORD, T0_MS, TestEnv};
use backend::{Ctx, Error, on_both_engines};
use domain::AppError;
use domain::ads::{AdForm, AdState, DAY_MS};
use domain::auth::{Password, Permission, Permissions, Principal};
use domain::credits::{CreditType, OwnerType};

const BROWSER: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130 Safari/537.36";

fn user_error(e: Error) -> AppError {
    match e {
        Error::User(u) => u,
        other => panic!("expected a user error, got {other}"),
    }
}

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(16, 8, |x, y| {
        image::Rgb([x.to_le_bytes()[0], y.to_le_bytes()[0], 7])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn seed(env: &TestEnv) {
    backend::seed::demo(&env.ctx, &Password::parse(DEMO_PASSWORD).unwrap())
        .await
        .unwrap();
}

async fn login(ctx: &Ctx, email: &str) -> Principal {
    let (tenant,): (String,) = sqlx::query_as("select tenant_id from users where email = $1")
        .bind(email)
        .fetch_one(ctx.db.pool())
        .await
        .unwrap();
    backend::auth::login(ctx, &tenant, email, DEMO_PASSWORD, "127.0.0.1")
        .await
        .unwrap()
        .0
}

async fn agent_balance(ctx: &Ctx, tenant: &str) -> i64 {
    backend::credits::balances(&ctx.db, OwnerType::Agent, tenant, &[CreditType::Money])
        .await
        .unwrap()[0]
        .balance
}

async fn audit_clean(ctx: &Ctx) {
    let v = backend::credits::audit(&ctx.db).await.unwrap();
    assert!(v.is_empty(), "{v:?}");
}

async fn sandbox_pay(ctx: &Ctx, event: &str, id: &str, amount: i64, currency: &str) -> Applied {
    sandbox_pay_item(ctx, event, "ad", id, amount, currency).await
}

/// Pays sandbox item `id` of kind `item` through the webhook path.
async fn sandbox_pay_item(
    ctx: &Ctx,
    event: &str,
    item: &str,
    id: &str,
    amount: i64,
    currency: &str,
) -> Applied {
    let now = ctx.clock.now_ms();
    let body = backend::stripe::session_completed_event(event, item, id, amount, currency).unwrap();
    let secret = backend::stripe::sandbox_secret();
    let sig = backend::stripe::sign(secret, &body, now).unwrap();
    backend::checkout::handle_webhook(&ctx.db, now, "sandbox", secret, &sig, &body)
        .await
        .unwrap()
}

async fn top_up(ctx: &Ctx, owner: &Principal, amount: i64) {
    let now = ctx.clock.now_ms();
    let t = backend::agents::start_top_up(&ctx.db, now, owner, &amount.to_string(), "sandbox")
        .await
        .unwrap();
    sandbox_pay_item(
        ctx,
        &format!("evt_{}", t.id),
        "top_up",
        &t.id,
        t.amount_minor,
        &t.currency,
    )
    .await;
}

fn form(title: &str, country: &str, cities: &str) -> AdForm {
    AdForm {
        title: title.into(),
        kind: "banner".into(),
        duration_days: "7".into(),
        target_url: "https://shop.example/deal".into(),
        start_date: "2026-11-25".into(),
        country: country.into(),
        cities: cities.into(),
    }
}

/// Creates and pays (sandbox) an ad of `who`; its id.
async fn paid_ad(ctx: &Ctx, who: &Principal, f: &AdForm) -> String {
    let ad = ads::create_ad(ctx, who, f, &png()).await.unwrap();
    assert_eq!(ad.state, AdState::PendingPayment);
    let p = ads::start_payment(ctx, who, &ad.id).await.unwrap();
    if !p.paid {
        assert_eq!(p.provider, "sandbox");
        let applied = sandbox_pay(
            ctx,
            &format!("evt_{}", ad.id),
            &ad.id,
            p.amount_minor,
            &p.currency,
        )
        .await;
        assert_eq!(
            applied,
            Applied::AdPaid {
                ad_id: ad.id.clone()
            }
        );
    }
    ad.id
}

async fn state(ctx: &Ctx, id: &str) -> String {
    let (s,): (String,) = sqlx::query_as("select state from ads where id = $1")
        .bind(id)
        .fetch_one(ctx.db.pool())
        .await
        .unwrap();
    s
}

async fn refunds(ctx: &Ctx, id: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as("select count(*) from ad_refunds where ad_id = $1")
        .bind(id)
        .fetch_one(ctx.db.pool())
        .await
        .unwrap();
    n
}

on_both_engines!(
    ads_are_served_by_targeting_with_the_tenant_default,
    |env: TestEnv| async move {
        seed(&env).await;
        let ctx = &env.ctx;
        let kopi = login(ctx, "kopi@coupons.test").await;
        let approver = login(ctx, "ads@coupons.test").await;
        let every = paid_ad(ctx, &kopi, &form("Everywhere", "", "")).await;
        let my = paid_ad(ctx, &kopi, &form("Malaysia", "MY", "")).await;
        let kl = paid_ad(ctx, &kopi, &form("KL", "MY", "Kuala Lumpur, Petaling Jaya")).await;
        let later = paid_ad(
            ctx,
            &kopi,
            &AdForm {
                start_date: "2026-11-27".into(),
                ..form("Later", "", "")
            },
        )
        .await;
        let waiting = paid_ad(ctx, &kopi, &form("Unapproved", "", "")).await;
        for id in [&every, &my, &kl, &later] {
            ads::approve(ctx, &approver, id).await.unwrap();
        }
        let tenant = kopi.tenant_id.clone();
        let served = |country: Option<&'static str>, city: Option<&'static str>| {
            let tenant = tenant.clone();
            async move {
                let mut ids: Vec<String> = ads::ads_for_page(ctx, &tenant, country, city, "v1")
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|a| a.id)
                    .collect();
                ids.sort();
                ids
            }
        };
        let sorted = |mut v: Vec<&String>| {
            v.sort();
            v.into_iter().cloned().collect::<Vec<_>>()
        };
        // No filter: the tenant's own country (MY), no city.
        assert_eq!(served(None, None).await, sorted(vec![&every, &my]));
        assert_eq!(served(Some("MY"), None).await, sorted(vec![&every, &my]));
        assert_eq!(
            served(Some("MY"), Some("kuala lumpur")).await,
            sorted(vec![&every, &my, &kl])
        );
        assert_eq!(
            served(Some("MY"), Some("Penang")).await,
            sorted(vec![&every, &my])
        );
        assert_eq!(
            served(Some("SG"), Some("Kuala Lumpur")).await,
            sorted(vec![&every])
        );
        // Another tenant never serves this tenant's ads.
        let nasi = login(ctx, "nasi@superdeals.test").await;
        assert!(
            ads::ads_for_page(ctx, &nasi.tenant_id, None, None, "v1")
                .await
                .unwrap()
                .is_empty()
        );
        // The later ad starts on its date; the unapproved one never shows.
        env.clock.set(T0_MS + 2 * DAY_MS);
        let now = served(Some("SG"), None).await;
        assert_eq!(now, sorted(vec![&every, &later]));
        assert!(!now.contains(&waiting));
        // Ended ads stop showing even before the expiry job runs.
        env.clock.set(T0_MS + 7 * DAY_MS);
        assert_eq!(served(Some("SG"), None).await, vec![later.clone()]);
    }
);

on_both_engines!(
    only_the_tenants_own_approvers_see_and_review_its_ads,
    |env: TestEnv| async move {
        seed(&env).await;
        let ctx = &env.ctx;
        let owner = login(ctx, "agent@superdeals.test").await;
        staff::create(
            ctx,
            &owner,
            NewStaff {
                email: "approver@superdeals.test".into(),
                display_name: "Agent Approver".into(),
                password: DEMO_PASSWORD.into(),
                permissions: Permissions::of(&[Permission::AdApprover]),
            },
        )
        .await
        .unwrap();
        top_up(ctx, &owner, 1_000_000).await;
        let kopi = login(ctx, "kopi@coupons.test").await;
        let nasi = login(ctx, "nasi@superdeals.test").await;
        let everyone = [
            ("admin@coupons.test", Some("platform")),
            ("ads@coupons.test", Some("platform")),
            ("support@coupons.test", None),
            ("finance@coupons.test", None),
            ("kopi@coupons.test", None),
            ("bazaar@coupons.test", None),
            ("agent@superdeals.test", Some("agent")),
            ("approver@superdeals.test", Some("agent")),
            ("helpdesk@superdeals.test", None),
            ("nasi@superdeals.test", None),
            ("pasar@superdeals.test", None),
        ];
        for (email, may) in everyone {
            let who = login(ctx, email).await;
            let platform_ad = paid_ad(ctx, &kopi, &form("P", "", "")).await;
            let agent_ad = paid_ad(ctx, &nasi, &form("A", "", "")).await;
            match ads::approval_queue(&ctx.db, &who).await {
                Ok(queue) => {
                    let ids: Vec<&str> = queue.iter().map(|a| a.id.as_str()).collect();
                    assert_eq!(
                        ids.contains(&platform_ad.as_str()),
                        may == Some("platform"),
                        "{email}"
                    );
                    assert_eq!(
                        ids.contains(&agent_ad.as_str()),
                        may == Some("agent"),
                        "{email}"
                    );
                }
                Err(e) => {
                    assert_eq!(user_error(e), AppError::Forbidden, "{email}");
                    assert_eq!(may, None, "{email}");
                }
            }
            for (ad, side) in [(&platform_ad, "platform"), (&agent_ad, "agent")] {
                let r = ads::approve(ctx, &who, ad).await;
                if may == Some(side) {
                    let s = r.unwrap();
                    assert_eq!(s.state, AdState::Approved, "{email}");
                    assert_eq!(
                        s.history.last().unwrap().by.as_deref(),
                        Some(who.display_name.as_str())
                    );
                } else {
                    let e = user_error(r.unwrap_err());
                    assert!(
                        matches!(e, AppError::Forbidden | AppError::NotFound),
                        "{email}: {e:?}"
                    );
                    assert_eq!(state(ctx, ad).await, "pending", "{email}");
                    let e = user_error(ads::reject(ctx, &who, ad, "no").await.unwrap_err());
                    assert!(
                        matches!(e, AppError::Forbidden | AppError::NotFound),
                        "{email}: {e:?}"
                    );
                    assert_eq!(refunds(ctx, ad).await, 0);
                }
            }
        }
        audit_clean(ctx).await;
    }
);

on_both_engines!(
    a_rejected_ad_is_refunded_exactly_once,
    |env: TestEnv| async move {
        seed(&env).await;
        let ctx = &env.ctx;
        let kopi = login(ctx, "kopi@coupons.test").await;
        let approver = login(ctx, "ads@coupons.test").await;
        let id = paid_ad(ctx, &kopi, &form("Rejected", "", "")).await;
        let e = user_error(ads::reject(ctx, &approver, &id, "  ").await.unwrap_err());
        assert!(matches!(e, AppError::InvalidInput { ref field, .. } if field == "Reason"));
        assert_eq!(state(ctx, &id).await, "pending");
        // Eight approvers reject at once: one refund.
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let (ctx, approver, id) = (ctx.clone(), approver.clone(), id.clone());
            tasks.push(tokio::spawn(async move {
                ads::reject(&ctx, &approver, &id, "Misleading offer").await
            }));
        }
        for t in tasks {
            t.await.unwrap().unwrap();
        }
        assert_eq!(refunds(ctx, &id).await, 1);
        let s = ads::ad_summary(&ctx.db, &kopi, &id).await.unwrap();
        assert_eq!(s.state, AdState::Rejected);
        assert!(s.refunded);
        assert_eq!(s.reject_reason.as_deref(), Some("Misleading offer"));
        let (amount,): (i64,) =
            sqlx::query_as("select amount_minor from ad_refunds where ad_id = $1")
                .bind(&id)
                .fetch_one(ctx.db.pool())
                .await
                .unwrap();
        assert_eq!(amount, s.price_minor);
        // Replays change nothing; a rejected ad cannot be approved.
        ads::reject(ctx, &approver, &id, "again").await.unwrap();
        assert_eq!(refunds(ctx, &id).await, 1);
        assert_eq!(
            ads::ad_summary(&ctx.db, &kopi, &id)
                .await
                .unwrap()
                .reject_reason
                .as_deref(),
            Some("Misleading offer")
        );
        assert!(ads::approve(ctx, &approver, &id).await.is_err());
        // A paid webhook replayed after the rejection does not revive it.
        let p = ads::ad_payment(&ctx.db, &kopi, &id).await.unwrap();
        let again = sandbox_pay(ctx, "evt_other", &id, p.amount_minor, &p.currency).await;
        assert_eq!(again, Applied::Duplicate);
        assert_eq!(state(ctx, &id).await, "rejected");
    }
);

on_both_engines!(
    an_agent_sites_ad_costs_the_agent_and_a_rejection_returns_it_once,
    |env: TestEnv| async move {
        seed(&env).await;
        let ctx = &env.ctx;
        let owner = login(ctx, "agent@superdeals.test").await;
        let nasi = login(ctx, "nasi@superdeals.test").await;
        let agent = owner.tenant_id.clone();
        let start = agent_balance(ctx, &agent).await;
        let cost = backend::agents::item_price(
            &mut ctx.db.pool().acquire().await.unwrap(),
            "MYR",
            domain::agents::PriceItem::Ad7Days,
        )
        .await
        .unwrap()
        .platform_cost_minor();
        assert!(cost > 0);
        // The wallet cannot cover the cost: the ad is paid and waits; approval says why.
        assert!(start < cost, "the demo agent starts with {start}");
        let waiting = paid_ad(ctx, &nasi, &form("Waits", "", "")).await;
        assert_eq!(state(ctx, &waiting).await, "pending");
        let e = user_error(ads::approve(ctx, &owner, &waiting).await.unwrap_err());
        assert!(matches!(e, AppError::InsufficientCredits { .. }), "{e:?}");
        assert_eq!(state(ctx, &waiting).await, "pending");
        assert_eq!(agent_balance(ctx, &agent).await, start);
        // Its charge waits like a package's, and the top-up settles it (oldest first).
        top_up(ctx, &owner, 3 * cost).await;
        let topped = agent_balance(ctx, &agent).await + cost;
        assert_eq!(topped, start + 3 * cost);
        ads::approve(ctx, &owner, &waiting).await.unwrap();
        assert_eq!(agent_balance(ctx, &agent).await, topped - cost);
        // Paid with the wallet covering it: the cost leaves at once, comes back on rejection once.
        let rejected = paid_ad(ctx, &nasi, &form("Rejected", "", "")).await;
        assert_eq!(agent_balance(ctx, &agent).await, topped - 2 * cost);
        ads::reject(ctx, &owner, &rejected, "Not for this site")
            .await
            .unwrap();
        ads::reject(ctx, &owner, &rejected, "Not for this site")
            .await
            .unwrap();
        assert_eq!(agent_balance(ctx, &agent).await, topped - cost);
        assert_eq!(refunds(ctx, &rejected).await, 1);
        // The agent's own ad: only the platform cost, from its wallet; refunded on rejection.
        let own = paid_ad(ctx, &owner, &form("Own", "", "")).await;
        assert_eq!(state(ctx, &own).await, "pending");
        assert_eq!(agent_balance(ctx, &agent).await, topped - 2 * cost);
        ads::reject(ctx, &owner, &own, "changed my mind")
            .await
            .unwrap();
        assert_eq!(agent_balance(ctx, &agent).await, topped - cost);
        audit_clean(ctx).await;
    }
);

on_both_engines!(
    approved_ads_expire_when_the_clock_passes_their_end,
    |env: TestEnv| async move {
        seed(&env).await;
        let ctx = &env.ctx;
        let kopi = login(ctx, "kopi@coupons.test").await;
        let approver = login(ctx, "admin@coupons.test").await;
        let id = paid_ad(ctx, &kopi, &form("Runs", "", "")).await;
        let pending = paid_ad(ctx, &kopi, &form("Pending", "", "")).await;
        let s = ads::approve(ctx, &approver, &id).await.unwrap();
        assert_eq!(s.ends_at_ms, T0_MS + 7 * DAY_MS);
        env.clock.set(T0_MS + 7 * DAY_MS - 1);
        assert_eq!(
            ads::expire_ads(&ctx.db, ctx.clock.now_ms()).await.unwrap(),
            0
        );
        env.clock.set(T0_MS + 7 * DAY_MS);
        assert_eq!(
            ads::expire_ads(&ctx.db, ctx.clock.now_ms()).await.unwrap(),
            1
        );
        assert_eq!(
            ads::expire_ads(&ctx.db, ctx.clock.now_ms()).await.unwrap(),
            0
        );
        let s = ads::ad_summary(&ctx.db, &kopi, &id).await.unwrap();
        assert_eq!(s.state, AdState::Expired);
        let states: Vec<AdState> = s.history.iter().map(|e| e.state).collect();
        assert_eq!(
            states,
            vec![
                AdState::PendingPayment,
                AdState::Pending,
                AdState::Approved,
                AdState::Expired
            ]
        );
        assert_eq!(state(ctx, &pending).await, "pending");
    }
);

on_both_engines!(
    a_replayed_payment_webhook_changes_nothing,
    |env: TestEnv| async move {
        seed(&env).await;
        let ctx = &env.ctx;
        let owner = login(ctx, "agent@superdeals.test").await;
        top_up(ctx, &owner, 1_000_000).await;
        let nasi = login(ctx, "nasi@superdeals.test").await;
        let ad = ads::create_ad(ctx, &nasi, &form("Replay", "", ""), &png())
            .await
            .unwrap();
        let p = ads::start_payment(ctx, &nasi, &ad.id).await.unwrap();
        let before = agent_balance(ctx, &owner.tenant_id).await;
        // A wrong amount is refused and changes nothing.
        let body = backend::stripe::session_completed_event(
            "evt_bad",
            "ad",
            &ad.id,
            p.amount_minor - 1,
            &p.currency,
        )
        .unwrap();
        let now = ctx.clock.now_ms();
        let sig = backend::stripe::sign(backend::stripe::sandbox_secret(), &body, now).unwrap();
        assert!(
            backend::checkout::handle_webhook(
                &ctx.db,
                now,
                "sandbox",
                backend::stripe::sandbox_secret(),
                &sig,
                &body
            )
            .await
            .is_err()
        );
        assert_eq!(state(ctx, &ad.id).await, "pending_payment");
        // The platform's Stripe cannot complete an agent-site ad.
        let body = backend::stripe::session_completed_event(
            "evt_x",
            "ad",
            &ad.id,
            p.amount_minor,
            &p.currency,
        )
        .unwrap();
        let sig = backend::stripe::sign("whsec_platform", &body, now).unwrap();
        assert!(
            backend::checkout::handle_webhook(
                &ctx.db,
                now,
                "stripe",
                "whsec_platform",
                &sig,
                &body
            )
            .await
            .is_err()
        );
        assert_eq!(state(ctx, &ad.id).await, "pending_payment");
        let first = sandbox_pay(ctx, "evt_1", &ad.id, p.amount_minor, &p.currency).await;
        assert_eq!(
            first,
            Applied::AdPaid {
                ad_id: ad.id.clone()
            }
        );
        assert_eq!(
            sandbox_pay(ctx, "evt_1", &ad.id, p.amount_minor, &p.currency).await,
            Applied::Duplicate
        );
        assert_eq!(
            sandbox_pay(ctx, "evt_2", &ad.id, p.amount_minor, &p.currency).await,
            Applied::Duplicate
        );
        assert_eq!(state(ctx, &ad.id).await, "pending");
        assert_eq!(
            agent_balance(ctx, &owner.tenant_id).await,
            before - ad_cost(ctx, &ad.id).await
        );
        audit_clean(ctx).await;
        // The merchant's own checkout page knows the ad payment.
        let own = backend::checkout::own_checkout(&ctx.db, &nasi, &ad.id)
            .await
            .unwrap();
        assert!(own.paid);
        assert_eq!(own.amount_minor, p.amount_minor);
    }
);

async fn ad_cost(ctx: &Ctx, id: &str) -> i64 {
    let (c,): (i64,) = sqlx::query_as("select platform_cost_minor from ads where id = $1")
        .bind(id)
        .fetch_one(ctx.db.pool())
        .await
        .unwrap();
    c
}

async fn running_ad(env: &TestEnv) -> (String, Principal) {
    seed(env).await;
    let ctx = &env.ctx;
    let kopi = login(ctx, "kopi@coupons.test").await;
    let approver = login(ctx, "ads@coupons.test").await;
    let id = paid_ad(ctx, &kopi, &form("Counted", "", "")).await;
    ads::approve(ctx, &approver, &id).await.unwrap();
    (id, kopi)
}

async fn impressions(ctx: &Ctx, who: &Principal, id: &str) -> (i64, i64) {
    let s = ads::ad_summary(&ctx.db, who, id).await.unwrap();
    s.days
        .iter()
        .fold((0, 0), |(i, c), d| (i + d.impressions, c + d.clicks))
}

on_both_engines!(beacons_count_honestly, |env: TestEnv| async move {
    let (id, kopi) = running_ad(&env).await;
    let ctx = &env.ctx;
    let token = ads::impression_token(ctx, &id, "viewer-1").unwrap();
    // Forged: another signature, or another ad under this signature.
    let mut forged = token.clone();
    let last = forged.pop().unwrap();
    forged.push(if last == '0' { '1' } else { '0' });
    let e = user_error(
        ads::count_impression(ctx, &forged, BROWSER)
            .await
            .unwrap_err(),
    );
    assert_eq!(e, AppError::ForgedBeacon);
    let other = token.replacen(&id, "someotheradid", 1);
    assert!(ads::count_impression(ctx, &other, BROWSER).await.is_err());
    assert!(
        ads::count_impression(ctx, "garbage", BROWSER)
            .await
            .is_err()
    );
    // Bots count nothing.
    for ua in [
        "",
        "Googlebot/2.1",
        "curl/8.0",
        "Mozilla/5.0 HeadlessChrome/120",
    ] {
        assert_eq!(
            ads::count_impression(ctx, &token, ua).await.unwrap(),
            Counted::Ignored
        );
    }
    assert_eq!(impressions(ctx, &kopi, &id).await, (0, 0));
    // Once; replays add nothing.
    assert_eq!(
        ads::count_impression(ctx, &token, BROWSER).await.unwrap(),
        Counted::Counted
    );
    for _ in 0..3 {
        assert_eq!(
            ads::count_impression(ctx, &token, BROWSER).await.unwrap(),
            Counted::AlreadyCounted
        );
    }
    // A new token for the same viewer the same day counts nothing more.
    let again = ads::impression_token(ctx, &id, "viewer-1").unwrap();
    assert_eq!(
        ads::count_impression(ctx, &again, BROWSER).await.unwrap(),
        Counted::AlreadyCounted
    );
    assert_eq!(impressions(ctx, &kopi, &id).await, (1, 0));
    // Clicks redirect; counted once per viewer per day; bots are redirected uncounted.
    let (url, c) = ads::click(ctx, &token, BROWSER).await.unwrap();
    assert_eq!(url, "https://shop.example/deal");
    assert_eq!(c, Counted::Counted);
    assert_eq!(
        ads::click(ctx, &token, BROWSER).await.unwrap().1,
        Counted::AlreadyCounted
    );
    assert_eq!(
        ads::click(ctx, &token, "bingbot").await.unwrap().1,
        Counted::Ignored
    );
    assert!(ads::click(ctx, &forged, BROWSER).await.is_err());
    assert_eq!(impressions(ctx, &kopi, &id).await, (1, 1));
    // A stale token counts nothing.
    let fresh_viewer = ads::impression_token(ctx, &id, "viewer-2").unwrap();
    env.clock.advance(ads::BEACON_TTL_MS + 1);
    assert_eq!(
        ads::count_impression(ctx, &fresh_viewer, BROWSER)
            .await
            .unwrap(),
        Counted::Ignored
    );
    // The next day, the same viewer counts again.
    env.clock.set(T0_MS + DAY_MS + 1000);
    let next = ads::impression_token(ctx, &id, "viewer-1").unwrap();
    assert_eq!(
        ads::count_impression(ctx, &next, BROWSER).await.unwrap(),
        Counted::Counted
    );
    let s = ads::ad_summary(&ctx.db, &kopi, &id).await.unwrap();
    assert_eq!(s.days.len(), 2);
    assert_eq!(
        (s.days[1].day_ms, s.days[1].impressions),
        (T0_MS + DAY_MS, 1)
    );
});

on_both_engines!(
    a_thousand_parallel_beacons_count_exactly,
    |env: TestEnv| async move {
        let (id, kopi) = running_ad(&env).await;
        let ctx = &env.ctx;
        let mut tokens = Vec::new();
        for v in 0..1000 {
            tokens.push(ads::impression_token(ctx, &id, &format!("viewer-{v}")).unwrap());
        }
        let mut tasks = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            let (ctx, t) = (ctx.clone(), t.clone());
            // Every tenth viewer's beacon is sent twice.
            let times = if i % 10 == 0 { 2 } else { 1 };
            tasks.push(tokio::spawn(async move {
                let mut counted = 0;
                for _ in 0..times {
                    if ads::count_impression(&ctx, &t, BROWSER).await.unwrap() == Counted::Counted {
                        counted += 1;
                    }
                }
                counted
            }));
        }
        let mut total = 0;
        for t in tasks {
            total += t.await.unwrap();
        }
        assert_eq!(total, 1000);
        assert_eq!(impressions(ctx, &kopi, &id).await, (1000, 0));
    }
);

/// A fake Stripe answering the session lookup and refunds the way Stripe documents them;
/// records each refund call's idempotency key and form.
async fn fake_stripe_refunds() -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use axum::routing::{get, post};
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = seen.clone();
    let app = axum::Router::new()
        .route(
            "/v1/checkout/sessions/{id}",
            get(|| async {
                r#"{"id":"cs_1","object":"checkout.session","payment_intent":"pi_ad_1"}"#
            }),
        )
        .route(
            "/v1/refunds",
            post(move |headers: axum::http::HeaderMap, body: String| {
                let record = record.clone();
                async move {
                    let key = headers
                        .get("idempotency-key")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_owned();
                    record.lock().unwrap().push(format!("{key}|{body}"));
                    r#"{"id":"re_ad_1","object":"refund","status":"succeeded"}"#
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), seen)
}

async fn stripe_refund_on(engine: backend::testing::Engine) {
    let (base, seen) = fake_stripe_refunds().await;
    let Some(env) = backend::testing::env_with(
        engine,
        &[
            ("PAYMENTS", "stripe"),
            ("STRIPE_SECRET_KEY", "sk_test_master"),
            ("STRIPE_WEBHOOK_SECRET", "whsec_master"),
            ("STRIPE_API_BASE", &base),
        ],
    )
    .await
    else {
        return;
    };
    seed(&env).await;
    let ctx = &env.ctx;
    let kopi = login(ctx, "kopi@coupons.test").await;
    let approver = login(ctx, "ads@coupons.test").await;
    let ad = ads::create_ad(ctx, &kopi, &form("Card", "", ""), &png())
        .await
        .unwrap();
    let p = ads::start_payment(ctx, &kopi, &ad.id).await.unwrap();
    assert_eq!(p.provider, "stripe");
    // The master's Stripe webhook pays it.
    let now = ctx.clock.now_ms();
    let body = backend::stripe::session_completed_event(
        "evt_card",
        "ad",
        &ad.id,
        p.amount_minor,
        &p.currency,
    )
    .unwrap();
    let sig = backend::stripe::sign("whsec_master", &body, now).unwrap();
    let applied =
        backend::checkout::handle_webhook(&ctx.db, now, "stripe", "whsec_master", &sig, &body)
            .await
            .unwrap();
    assert_eq!(
        applied,
        Applied::AdPaid {
            ad_id: ad.id.clone()
        }
    );
    ads::reject(ctx, &approver, &ad.id, "Wrong link")
        .await
        .unwrap();
    ads::reject(ctx, &approver, &ad.id, "Wrong link")
        .await
        .unwrap();
    let calls = seen.lock().unwrap().clone();
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert!(calls[0].starts_with(&format!("ad-refund-{}|", ad.id)));
    assert!(calls[0].contains("payment_intent=pi_ad_1"));
    assert!(calls[0].contains(&format!("amount={}", p.amount_minor)));
    let (refund_id,): (Option<String>,) =
        sqlx::query_as("select provider_refund_id from ad_refunds where ad_id = $1")
            .bind(&ad.id)
            .fetch_one(ctx.db.pool())
            .await
            .unwrap();
    assert_eq!(refund_id.as_deref(), Some("re_ad_1"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_card_paid_ad_is_refunded_through_stripe_once_sqlite() {
    stripe_refund_on(backend::testing::Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_card_paid_ad_is_refunded_through_stripe_once_postgres() {
    stripe_refund_on(backend::testing::Engine::Postgres).await;
}

async fn charge_status(ctx: &Ctx, ad_id: &str) -> Option<String> {
    sqlx::query_as::<_, (String,)>("select status from agent_charges where payment_id = $1")
        .bind(ad_id)
        .fetch_optional(ctx.db.pool())
        .await
        .unwrap()
        .map(|(s,)| s)
}

on_both_engines!(
    a_lapsed_merchant_buys_no_ad_and_nothing_is_created,
    |env: TestEnv| async move {
        seed(&env).await;
        let ctx = &env.ctx;
        let nasi = login(ctx, "nasi@superdeals.test").await;
        // An ad created while active, then the membership lapses before paying.
        let ad = ads::create_ad(ctx, &nasi, &form("Before", "", ""), &png())
            .await
            .unwrap();
        sqlx::query("update merchants set status = 'expired' where id = $1")
            .bind(nasi.merchant_id().unwrap())
            .execute(ctx.db.pool())
            .await
            .unwrap();
        let e = user_error(
            ads::create_ad(ctx, &nasi, &form("After", "", ""), &png())
                .await
                .unwrap_err(),
        );
        assert_eq!(
            e,
            AppError::MembershipInactive {
                state: "expired".into()
            }
        );
        let e = user_error(ads::start_payment(ctx, &nasi, &ad.id).await.unwrap_err());
        assert!(matches!(e, AppError::MembershipInactive { .. }), "{e:?}");
        let (n, provider): (i64, Option<String>) =
            sqlx::query_as("select count(*), max(provider) from ads where merchant_id = $1")
                .bind(nasi.merchant_id().unwrap())
                .fetch_one(ctx.db.pool())
                .await
                .unwrap();
        assert_eq!((n, provider), (1, None), "no second ad, no payment started");
    }
);

on_both_engines!(
    an_agent_sites_ad_charge_waits_with_a_notice_and_a_rejection_cancels_it,
    |env: TestEnv| async move {
        seed(&env).await;
        let ctx = &env.ctx;
        let owner = login(ctx, "agent@superdeals.test").await;
        let nasi = login(ctx, "nasi@superdeals.test").await;
        let agent = owner.tenant_id.clone();
        let start = agent_balance(ctx, &agent).await;
        let waiting = paid_ad(ctx, &nasi, &form("Short wallet", "", "")).await;
        let cost = ad_cost(ctx, &waiting).await;
        assert!(start < cost);
        assert_eq!(
            charge_status(ctx, &waiting).await.as_deref(),
            Some("pending_top_up")
        );
        // The agent is told in its inbox that an ad's cost waits.
        let inbox =
            backend::support::thread(&ctx.db, T0_MS, &owner, backend::support::ThreadRef::Mine)
                .await
                .unwrap();
        let last = inbox
            .messages
            .last()
            .expect("a notice in the agent's inbox");
        assert!(
            last.body.contains("paid an advertisement")
                && last.body.contains("waits for your wallet top-up"),
            "{}",
            last.body
        );
        let totals = backend::agents::wallet_summary(&ctx.db, &owner)
            .await
            .unwrap()
            .totals;
        assert_eq!(
            (totals.pending_count, totals.pending_costs_minor),
            (1, cost)
        );
        // Rejected while waiting: refunded to the merchant, the charge cancelled, and a later
        // top-up does not take its cost.
        ads::reject(ctx, &owner, &waiting, "Blurry banner")
            .await
            .unwrap();
        assert_eq!(
            charge_status(ctx, &waiting).await.as_deref(),
            Some("cancelled")
        );
        assert_eq!(refunds(ctx, &waiting).await, 1);
        top_up(ctx, &owner, 2 * cost).await;
        assert_eq!(agent_balance(ctx, &agent).await, start + 2 * cost);
        // A paid ad with the wallet covering it: settled at once, counted as ad income; its
        // rejection returns the cost once even when rejected many times at once.
        let settled = paid_ad(ctx, &nasi, &form("Covered", "", "")).await;
        assert_eq!(
            charge_status(ctx, &settled).await.as_deref(),
            Some("settled")
        );
        assert_eq!(agent_balance(ctx, &agent).await, start + cost);
        let totals = backend::agents::wallet_summary(&ctx.db, &owner)
            .await
            .unwrap()
            .totals;
        let (price,): (i64,) = sqlx::query_as("select price_minor from ads where id = $1")
            .bind(&settled)
            .fetch_one(ctx.db.pool())
            .await
            .unwrap();
        assert_eq!((totals.ad_income_minor, totals.pending_count), (price, 0));
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let (ctx, owner, id) = (ctx.clone(), owner.clone(), settled.clone());
            tasks.push(tokio::spawn(async move {
                ads::reject(&ctx, &owner, &id, "Changed plans").await
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap().unwrap().state, AdState::Rejected);
        }
        assert_eq!(agent_balance(ctx, &agent).await, start + 2 * cost);
        assert_eq!(
            charge_status(ctx, &settled).await.as_deref(),
            Some("cancelled")
        );
        assert_eq!(refunds(ctx, &settled).await, 1);
        let totals = backend::agents::wallet_summary(&ctx.db, &owner)
            .await
            .unwrap()
            .totals;
        assert_eq!(totals.ad_income_minor, 0);
        audit_clean(ctx).await;
    }
);

async fn statement(ctx: &Ctx, owner_type: OwnerType, owner_id: &str) -> domain::statements::Body {
    let owner = backend::statements::Owner {
        owner_type,
        owner_id: owner_id.to_owned(),
        tenant_id: String::new(),
        company_name: "Test".into(),
        address: None,
        currency: "MYR".into(),
        timezone: "Asia/Kuala_Lumpur".into(),
    };
    let month = domain::statements::Month {
        year: 2026,
        month: 11,
    };
    let f = backend::statements::compute(&ctx.db, &owner, month)
        .await
        .unwrap();
    let fonts = backend::pdf_text::FontSet::load(&ctx.config.pdf_fonts).unwrap();
    let (pdf, _) = backend::statements::render_statement(&ctx.db, &fonts, &f)
        .await
        .unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    f.body
}

on_both_engines!(
    statements_show_ads_bought_refunded_and_counted,
    |env: TestEnv| async move {
        seed(&env).await;
        let ctx = &env.ctx;
        let kopi = login(ctx, "kopi@coupons.test").await;
        let approver = login(ctx, "ads@coupons.test").await;
        let owner = login(ctx, "agent@superdeals.test").await;
        let nasi = login(ctx, "nasi@superdeals.test").await;
        let shown = paid_ad(ctx, &kopi, &form("Shown", "", "")).await;
        let rejected = paid_ad(ctx, &kopi, &form("Rejected", "", "")).await;
        ads::approve(ctx, &approver, &shown).await.unwrap();
        ads::reject(ctx, &approver, &rejected, "No").await.unwrap();
        for v in ["a", "b", "c"] {
            let t = ads::impression_token(ctx, &shown, v).unwrap();
            ads::count_impression(ctx, &t, BROWSER).await.unwrap();
        }
        let t = ads::impression_token(ctx, &shown, "a").unwrap();
        ads::click(ctx, &t, BROWSER).await.unwrap();
        top_up(ctx, &owner, 1_000_000).await;
        let on_agent_site = paid_ad(ctx, &nasi, &form("Agent site", "", "")).await;
        let price = |id: String| async move {
            let (p,): (i64,) = sqlx::query_as("select price_minor from ads where id = $1")
                .bind(id)
                .fetch_one(ctx.db.pool())
                .await
                .unwrap();
            p
        };
        let main_price = price(shown.clone()).await;
        let agent_price = price(on_agent_site.clone()).await;

        let domain::statements::Body::Merchant(m) =
            statement(ctx, OwnerType::Merchant, kopi.merchant_id().unwrap()).await
        else {
            panic!("not a merchant body")
        };
        assert_eq!(
            (m.ads_bought, m.ads_paid, m.ads_refunded),
            (2, 2 * main_price, main_price)
        );
        assert_eq!((m.ad_impressions, m.ad_clicks), (3, 1));
        let domain::statements::Body::Agent(a) =
            statement(ctx, OwnerType::Agent, &owner.tenant_id).await
        else {
            panic!("not an agent body")
        };
        assert_eq!(a.ad_income, agent_price);
        let (platform,): (String,) =
            sqlx::query_as("select id from tenants where kind = 'platform'")
                .fetch_one(ctx.db.pool())
                .await
                .unwrap();
        let domain::statements::Body::Master(p) =
            statement(ctx, OwnerType::Master, &platform).await
        else {
            panic!("not a master body")
        };
        assert_eq!(p.ad_revenue, main_price, "two paid, one refunded");
    }
);
