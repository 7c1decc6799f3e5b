//! Accounts, sessions, tenants and isolation, on SQLite and PostgreSQL.

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on the first broken expectation"
)]

use backend::auth::{self, SessionToken};
use backend::clock::{HOUR_MS, MINUTE_MS};
use backend::testing::{DEMO_PASSWORD, TestEnv};
use backend::{Clock, Ctx, on_both_engines, seed, tenants};
use domain::AppError;
use domain::auth::{Password, Principal, Role};
use domain::tenants::{HostName, TenantKind};

async fn seeded(env: &TestEnv) -> (String, String) {
    let logins = seed::demo(&env.ctx, &Password::parse(DEMO_PASSWORD).unwrap())
        .await
        .unwrap();
    assert_eq!(
        logins.len(),
        10,
        "four master staff, two merchants, agent, agent staff, two agent merchants"
    );
    let platform = tenant_of(&env.ctx, "localhost").await;
    let agent = tenant_of(&env.ctx, "demo-agent.localhost").await;
    (platform, agent)
}

async fn tenant_of(ctx: &Ctx, host: &str) -> String {
    let b = tenants::resolve_host(
        &ctx.db,
        &HostName::parse(host).unwrap(),
        &ctx.config.main_domains,
    )
    .await
    .unwrap()
    .unwrap_or_else(|| panic!("{host} serves no tenant"));
    b.tenant_id
}

async fn login(env: &TestEnv, tenant: &str, email: &str) -> (Principal, SessionToken) {
    auth::login(&env.ctx, tenant, email, DEMO_PASSWORD, "127.0.0.1")
        .await
        .unwrap()
}

fn user_error(e: backend::Error) -> AppError {
    match e {
        backend::Error::User(u) => u,
        other => panic!("expected a user error, got {other}"),
    }
}

on_both_engines!(
    demo_users_log_in_with_their_roles,
    |env: TestEnv| async move {
        let (platform, agent) = seeded(&env).await;
        let (admin, _) = login(&env, &platform, "Admin@Coupons.test ").await;
        assert_eq!(admin.role.label(), "Super Admin");
        assert_eq!(admin.tenant_kind, TenantKind::Platform);
        let (owner, _) = login(&env, &agent, "agent@superdeals.test").await;
        assert_eq!(owner.role, Role::AgentOwner);
        let (merchant, _) = login(&env, &agent, "pasar@superdeals.test").await;
        assert_eq!(merchant.role.label(), "Temporary merchant");
    }
);

on_both_engines!(
    wrong_password_and_unknown_account_get_the_same_answer,
    |env: TestEnv| async move {
        let (platform, agent) = seeded(&env).await;
        let wrong = auth::login(
            &env.ctx,
            &platform,
            "admin@coupons.test",
            "not-the-password",
            "10.0.0.1",
        )
        .await;
        let unknown = auth::login(
            &env.ctx,
            &platform,
            "nobody@coupons.test",
            DEMO_PASSWORD,
            "10.0.0.1",
        )
        .await;
        assert_eq!(user_error(wrong.unwrap_err()), AppError::InvalidCredentials);
        assert_eq!(
            user_error(unknown.unwrap_err()),
            AppError::InvalidCredentials
        );
        // An agent's login does not exist on the main platform, and the other way round.
        let cross = auth::login(
            &env.ctx,
            &platform,
            "agent@superdeals.test",
            DEMO_PASSWORD,
            "10.0.0.1",
        )
        .await;
        assert_eq!(user_error(cross.unwrap_err()), AppError::InvalidCredentials);
        let cross = auth::login(
            &env.ctx,
            &agent,
            "admin@coupons.test",
            DEMO_PASSWORD,
            "10.0.0.1",
        )
        .await;
        assert_eq!(user_error(cross.unwrap_err()), AppError::InvalidCredentials);
    }
);

on_both_engines!(
    logins_are_throttled_per_account_and_per_address,
    |env: TestEnv| async move {
        let (platform, _) = seeded(&env).await;
        let attempt = |password: &'static str, addr: String| {
            let (ctx, platform) = (env.ctx.clone(), platform.clone());
            async move { auth::login(&ctx, &platform, "admin@coupons.test", password, &addr).await }
        };
        // A stranger guessing from one address is stopped there...
        for _ in 0..auth::LOGIN_MAX_PER_ACCOUNT_ADDRESS {
            let r = attempt("wrong-password", "10.1.0.1".into()).await;
            assert_eq!(user_error(r.unwrap_err()), AppError::InvalidCredentials);
        }
        let r = attempt(DEMO_PASSWORD, "10.1.0.1".into()).await;
        assert!(matches!(
            user_error(r.unwrap_err()),
            AppError::RateLimited { .. }
        ));
        // ...and cannot lock the owner out: the right password from the owner's address works.
        attempt(DEMO_PASSWORD, "10.2.0.1".into()).await.unwrap();
        // Guessing spread over many addresses meets the account-wide ceiling.
        for i in 0..auth::LOGIN_MAX_PER_ACCOUNT {
            let r = attempt("wrong-password", format!("10.3.{}.{}", i / 200, i % 200)).await;
            assert_eq!(
                user_error(r.unwrap_err()),
                AppError::InvalidCredentials,
                "{i}"
            );
        }
        let r = attempt(DEMO_PASSWORD, "10.2.0.1".into()).await;
        assert!(matches!(
            user_error(r.unwrap_err()),
            AppError::RateLimited { .. }
        ));
        env.clock.advance(auth::LOGIN_WINDOW_MS + MINUTE_MS);
        login(&env, &platform, "admin@coupons.test").await;

        for _ in 0..auth::LOGIN_MAX_PER_ADDRESS {
            let _ = auth::login(
                &env.ctx,
                &platform,
                "someone@x.test",
                "wrong-password",
                "10.9.9.9",
            )
            .await;
        }
        let r = auth::login(
            &env.ctx,
            &platform,
            "bazaar@coupons.test",
            DEMO_PASSWORD,
            "10.9.9.9",
        )
        .await;
        assert!(matches!(
            user_error(r.unwrap_err()),
            AppError::RateLimited { .. }
        ));
    }
);

on_both_engines!(
    a_session_belongs_to_its_tenant_and_expires,
    |env: TestEnv| async move {
        let (platform, agent) = seeded(&env).await;
        let (p, token) = login(&env, &agent, "agent@superdeals.test").await;
        let now = env.clock.now_ms();
        let found = auth::principal(&env.ctx.db, &token, &agent, now)
            .await
            .unwrap();
        assert_eq!(found.as_ref().map(|f| &f.user_id), Some(&p.user_id));
        // The same cookie presented on the main platform's host is no session.
        assert!(
            auth::principal(&env.ctx.db, &token, &platform, now)
                .await
                .unwrap()
                .is_none()
        );
        // A forged token is no session either.
        let forged = SessionToken::from_cookie(&"ab".repeat(32)).unwrap();
        assert!(
            auth::principal(&env.ctx.db, &forged, &agent, now)
                .await
                .unwrap()
                .is_none()
        );
        // Expiry: the demo config keeps sessions for a week.
        env.clock.advance(168 * HOUR_MS);
        let later = env.clock.now_ms();
        assert!(
            auth::principal(&env.ctx.db, &token, &agent, later)
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(
            auth::purge_expired_sessions(&env.ctx.db, later)
                .await
                .unwrap(),
            1
        );
    }
);

on_both_engines!(logout_ends_the_session, |env: TestEnv| async move {
    let (platform, _) = seeded(&env).await;
    let (_, token) = login(&env, &platform, "support@coupons.test").await;
    auth::end_session(&env.ctx.db, &token).await.unwrap();
    let now = env.clock.now_ms();
    assert!(
        auth::principal(&env.ctx.db, &token, &platform, now)
            .await
            .unwrap()
            .is_none()
    );
});

on_both_engines!(
    disabled_accounts_are_refused_only_after_the_right_password,
    |env: TestEnv| async move {
        let (platform, _) = seeded(&env).await;
        let (_, token) = login(&env, &platform, "finance@coupons.test").await;
        sqlx::query("update users set disabled = 1 where email = 'finance@coupons.test'")
            .execute(env.ctx.db.pool())
            .await
            .unwrap();
        let wrong = auth::login(
            &env.ctx,
            &platform,
            "finance@coupons.test",
            "wrong-password",
            "10.2.0.1",
        )
        .await;
        assert_eq!(user_error(wrong.unwrap_err()), AppError::InvalidCredentials);
        let right = auth::login(
            &env.ctx,
            &platform,
            "finance@coupons.test",
            DEMO_PASSWORD,
            "10.2.0.1",
        )
        .await;
        assert_eq!(user_error(right.unwrap_err()), AppError::AccountDisabled);
        // Disabling also ends what was already open.
        let now = env.clock.now_ms();
        assert!(
            auth::principal(&env.ctx.db, &token, &platform, now)
                .await
                .unwrap()
                .is_none()
        );
    }
);

on_both_engines!(hosts_pick_their_tenant_or_none, |env: TestEnv| async move {
    let (platform, agent) = seeded(&env).await;
    assert_eq!(tenant_of(&env.ctx, "127.0.0.1").await, platform);
    assert_eq!(tenant_of(&env.ctx, "www.superdeals.localhost").await, agent);
    let mains = &env.ctx.config.main_domains;
    for unknown in [
        "other-agent.localhost",
        "superdeals.example",
        "a.b.localhost",
    ] {
        let host = HostName::parse(unknown).unwrap();
        assert!(
            tenants::resolve_host(&env.ctx.db, &host, mains)
                .await
                .unwrap()
                .is_none(),
            "{unknown}"
        );
    }
    // An unverified custom domain serves nothing.
    sqlx::query("insert into tenant_domains (domain, tenant_id, verified, created_at_ms) values ('pending.example', $1, 0, 0)")
        .bind(&agent)
        .execute(env.ctx.db.pool())
        .await
        .unwrap();
    let host = HostName::parse("pending.example").unwrap();
    assert!(
        tenants::resolve_host(&env.ctx.db, &host, mains)
            .await
            .unwrap()
            .is_none()
    );
    let b = tenants::resolve_host(
        &env.ctx.db,
        &HostName::parse("demo-agent.localhost").unwrap(),
        mains,
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(b.brand_name, "SuperDeals");
    assert_eq!(b.primary_color.as_str(), "#6d28d9");
});

on_both_engines!(directories_never_cross_tenants, |env: TestEnv| async move {
    let (platform, agent) = seeded(&env).await;
    let db = &env.ctx.db;
    let (admin, _) = login(&env, &platform, "admin@coupons.test").await;
    let (owner, _) = login(&env, &agent, "agent@superdeals.test").await;
    let platform_merchants = tenants::merchants(db, &admin).await.unwrap();
    let agent_merchants = tenants::merchants(db, &owner).await.unwrap();
    let names = |v: &[domain::tenants::MerchantSummary]| {
        v.iter().map(|m| m.company_name.clone()).collect::<Vec<_>>()
    };
    assert_eq!(
        platform_merchants.len(),
        2,
        "{:?}",
        names(&platform_merchants)
    );
    assert_eq!(agent_merchants.len(), 2, "{:?}", names(&agent_merchants));
    assert!(names(&agent_merchants).contains(&"Nasi Lemak House Sdn Bhd".to_owned()));
    // Each side asking for the other's merchant by id gets "not found".
    let theirs = &agent_merchants[0].id;
    assert_eq!(
        user_error(tenants::merchant(db, &admin, theirs).await.unwrap_err()),
        AppError::NotFound
    );
    let ours = &platform_merchants[0].id;
    assert_eq!(
        user_error(tenants::merchant(db, &owner, ours).await.unwrap_err()),
        AppError::NotFound
    );
    assert_eq!(
        tenants::merchant(db, &owner, theirs)
            .await
            .unwrap()
            .logins
            .len(),
        1
    );
    // Staff lists hold only the tenant's own staff.
    let agent_staff = tenants::staff(db, &owner).await.unwrap();
    assert_eq!(agent_staff.len(), 2);
    assert!(
        agent_staff
            .iter()
            .all(|s| s.email.ends_with("@superdeals.test"))
    );
    // Roles without the section are refused before any query.
    let (support, _) = login(&env, &platform, "support@coupons.test").await;
    assert_eq!(
        user_error(tenants::merchants(db, &support).await.unwrap_err()),
        AppError::Forbidden
    );
    assert_eq!(
        user_error(tenants::agents(db, &owner).await.unwrap_err()),
        AppError::Forbidden
    );
    assert_eq!(
        user_error(tenants::agent(db, &admin, ours).await.unwrap_err()),
        AppError::NotFound
    );
    assert_eq!(
        tenants::agent(db, &admin, &agent)
            .await
            .unwrap()
            .merchant_count,
        2
    );
});

on_both_engines!(seeding_twice_changes_nothing, |env: TestEnv| async move {
    seeded(&env).await;
    let again = seed::demo(&env.ctx, &Password::parse(DEMO_PASSWORD).unwrap())
        .await
        .unwrap();
    assert!(again.is_empty());
    let (n,): (i64,) = sqlx::query_as("select count(*) from users")
        .fetch_one(env.ctx.db.pool())
        .await
        .unwrap();
    assert_eq!(n, 10);
    let (t,): (i64,) = sqlx::query_as("select count(*) from tenants")
        .fetch_one(env.ctx.db.pool())
        .await
        .unwrap();
    assert_eq!(t, 2);
});

on_both_engines!(concurrent_logins_all_succeed, |env: TestEnv| async move {
    let (platform, _) = seeded(&env).await;
    let mut tasks = Vec::new();
    for i in 0..24 {
        let ctx = env.ctx.clone();
        let platform = platform.clone();
        tasks.push(tokio::spawn(async move {
            let email = [
                "admin@coupons.test",
                "support@coupons.test",
                "kopi@coupons.test",
            ][i % 3];
            auth::login(
                &ctx,
                &platform,
                email,
                DEMO_PASSWORD,
                &format!("10.3.0.{i}"),
            )
            .await
            .map(|_| ())
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let (n,): (i64,) = sqlx::query_as("select count(*) from sessions")
        .fetch_one(env.ctx.db.pool())
        .await
        .unwrap();
    assert_eq!(n, 24);
});
