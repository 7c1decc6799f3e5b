//! The support inbox's isolation matrix, read/unread, routing and refusals, and staff
//! management, on SQLite and PostgreSQL.

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on the first broken expectation"
)]

use std::collections::BTreeMap;
use std::io::Cursor;

use backend::auth::{self, NewUser, NewUserKind, SessionToken, create_user};
use backend::staff::{self, NewStaff};
use backend::support::{self, INBOX_PAGE_ROWS, ThreadRef};
use backend::testing::{DEMO_PASSWORD, TestEnv};
use backend::{Clock, Ctx, ids, on_both_engines, seed, tenants};
use domain::AppError;
use domain::auth::{Email, Password, Permission, Permissions, Principal};
use domain::sections::Section;
use domain::support::{Channel, Side};
use domain::tenants::HostName;

fn user_error(e: backend::Error) -> AppError {
    match e {
        backend::Error::User(u) => u,
        other => panic!("expected a user error, got {other}"),
    }
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([x.to_le_bytes()[0], y.to_le_bytes()[0], 7])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn tenant_of(ctx: &Ctx, host: &str) -> String {
    tenants::resolve_host(
        &ctx.db,
        &HostName::parse(host).unwrap(),
        &ctx.config.main_domains,
    )
    .await
    .unwrap()
    .unwrap()
    .tenant_id
}

async fn login(ctx: &Ctx, tenant: &str, email: &str) -> (Principal, SessionToken) {
    auth::login(ctx, tenant, email, DEMO_PASSWORD, "127.0.0.1")
        .await
        .unwrap()
}

async fn add(ctx: &Ctx, tenant: &str, email: &str, kind: NewUserKind) {
    create_user(
        ctx,
        NewUser {
            tenant_id: tenant.to_owned(),
            email: Email::parse(email).unwrap(),
            display_name: email.split('@').next().unwrap().to_owned(),
            password: Password::parse(DEMO_PASSWORD).unwrap(),
            kind,
        },
    )
    .await
    .unwrap();
}

/// A second agent ("Other Agent") with an owner and one merchant.
async fn second_agent(ctx: &Ctx) -> String {
    let id = ids::new_id();
    let now = ctx.clock.now_ms();
    sqlx::query(
        "insert into tenants (id, kind, slug, brand_name, company_name, logo_url, primary_color,
                              accent_color, country, currency, timezone, created_at_ms)
         values ($1, 'agent', 'other-agent', 'Other Agent', 'Other Agent Ltd', null, '#111111',
                 '#222222', 'MY', 'MYR', 'Asia/Kuala_Lumpur', $2)",
    )
    .bind(&id)
    .bind(now)
    .execute(ctx.db.pool())
    .await
    .unwrap();
    let merchant = ids::new_id();
    sqlx::query(
        "insert into merchants (id, tenant_id, company_name, kind, status, country, city, created_at_ms)
         values ($1, $2, 'Shop B', 'annual', 'active', 'MY', 'Melaka', $3)",
    )
    .bind(&merchant)
    .bind(&id)
    .bind(now)
    .execute(ctx.db.pool())
    .await
    .unwrap();
    add(ctx, &id, "owner@other.test", NewUserKind::AgentOwner).await;
    add(
        ctx,
        &id,
        "shop@other.test",
        NewUserKind::Merchant {
            merchant_id: merchant,
        },
    )
    .await;
    id
}

/// Everyone, by a short name.
struct World {
    who: BTreeMap<&'static str, Principal>,
}

impl World {
    fn p(&self, name: &str) -> &Principal {
        &self.who[name]
    }
}

async fn world(env: &TestEnv) -> World {
    let ctx = &env.ctx;
    seed::demo(ctx, &Password::parse(DEMO_PASSWORD).unwrap())
        .await
        .unwrap();
    let platform = tenant_of(ctx, "localhost").await;
    let agent = tenant_of(ctx, "demo-agent.localhost").await;
    let other = second_agent(ctx).await;
    add(
        ctx,
        &agent,
        "adsonly@superdeals.test",
        NewUserKind::AgentStaff(Permissions::of(&[Permission::AdApprover])),
    )
    .await;
    let mut who = BTreeMap::new();
    for (name, tenant, email) in [
        ("admin", &platform, "admin@coupons.test"),
        ("support", &platform, "support@coupons.test"),
        ("ads", &platform, "ads@coupons.test"),
        ("finance", &platform, "finance@coupons.test"),
        ("kopi", &platform, "kopi@coupons.test"),
        ("bazaar", &platform, "bazaar@coupons.test"),
        ("owner_a", &agent, "agent@superdeals.test"),
        ("helpdesk_a", &agent, "helpdesk@superdeals.test"),
        ("ads_a", &agent, "adsonly@superdeals.test"),
        ("nasi", &agent, "nasi@superdeals.test"),
        ("pasar", &agent, "pasar@superdeals.test"),
        ("owner_b", &other, "owner@other.test"),
        ("shop_b", &other, "shop@other.test"),
    ] {
        who.insert(name, login(ctx, tenant, email).await.0);
    }
    World { who }
}

on_both_engines!(
    every_role_against_every_channel,
    |env: TestEnv| async move {
        let ctx = &env.ctx;
        let w = world(&env).await;
        // One conversation per requester kind and channel, each with an image.
        let mut convs = BTreeMap::new();
        for (name, requester) in [
            ("c1_agent_a", "owner_a"),
            ("c1_agent_b", "owner_b"),
            ("c2_kopi", "kopi"),
            ("c3_nasi", "nasi"),
            ("c3_shop_b", "shop_b"),
        ] {
            let id = support::send(
                ctx,
                w.p(requester),
                ThreadRef::Mine,
                "hello",
                Some(&png(8, 8)),
            )
            .await
            .unwrap();
            convs.insert(name, id);
        }
        let channel_of = |c: &str| match c {
            "c1_agent_a" | "c1_agent_b" => Channel::AgentToPlatform,
            "c2_kopi" => Channel::MerchantToPlatform,
            _ => Channel::MerchantToAgent,
        };
        // Who may do what: S = answers as support, R = its requester, - = nothing.
        let expected: [(&str, [char; 5]); 13] = [
            ("admin", ['S', 'S', 'S', '-', '-']),
            ("support", ['S', 'S', 'S', '-', '-']),
            ("ads", ['-', '-', '-', '-', '-']),
            ("finance", ['-', '-', '-', '-', '-']),
            ("kopi", ['-', '-', 'R', '-', '-']),
            ("bazaar", ['-', '-', '-', '-', '-']),
            ("owner_a", ['R', '-', '-', 'S', '-']),
            ("helpdesk_a", ['-', '-', '-', 'S', '-']),
            ("ads_a", ['-', '-', '-', '-', '-']),
            ("nasi", ['-', '-', '-', 'R', '-']),
            ("pasar", ['-', '-', '-', '-', '-']),
            ("owner_b", ['-', 'R', '-', '-', 'S']),
            ("shop_b", ['-', '-', '-', '-', 'R']),
        ];
        let order = [
            "c1_agent_a",
            "c1_agent_b",
            "c2_kopi",
            "c3_nasi",
            "c3_shop_b",
        ];
        for (name, row) in expected {
            let who = w.p(name);
            let refusal = if Section::Support.allows(&who.role) {
                AppError::NotFound
            } else {
                AppError::Forbidden
            };
            for (conv, want) in order.iter().zip(row) {
                let id = &convs[conv];
                let ctx_msg = format!("{name} on {conv}");
                let read =
                    support::thread(&ctx.db, env.clock.now_ms(), who, ThreadRef::Id(id)).await;
                let image_id = {
                    let t = support::thread(
                        &ctx.db,
                        0,
                        w.p(match *conv {
                            "c1_agent_a" => "owner_a",
                            "c1_agent_b" => "owner_b",
                            "c2_kopi" => "kopi",
                            "c3_nasi" => "nasi",
                            _ => "shop_b",
                        }),
                        ThreadRef::Mine,
                    )
                    .await
                    .unwrap();
                    assert_eq!(t.channel, channel_of(conv));
                    t.messages.iter().find(|m| m.has_image).unwrap().id.clone()
                };
                let picture = support::attachment(ctx, who, &image_id).await;
                let reply = support::send(
                    ctx,
                    who,
                    ThreadRef::Id(id),
                    &format!("reply from {name}"),
                    None,
                )
                .await;
                match want {
                    'S' | 'R' => {
                        let side = if want == 'S' {
                            Side::Support
                        } else {
                            Side::Requester
                        };
                        assert_eq!(read.unwrap().reader_side, side, "{ctx_msg}");
                        let (bytes, mime) = picture.unwrap();
                        assert_eq!(mime, "image/png", "{ctx_msg}");
                        assert!(bytes.starts_with(b"\x89PNG"), "{ctx_msg}");
                        assert_eq!(&reply.unwrap(), id, "{ctx_msg}");
                    }
                    _ => {
                        assert_eq!(user_error(read.unwrap_err()), refusal, "{ctx_msg} read");
                        assert_eq!(user_error(picture.unwrap_err()), refusal, "{ctx_msg} image");
                        assert_eq!(user_error(reply.unwrap_err()), refusal, "{ctx_msg} reply");
                    }
                }
            }
            // The inbox lists exactly the conversations this user answers.
            let inbox = support::inbox(&ctx.db, who, false, None, 50).await;
            let answered: Vec<&str> = order
                .iter()
                .zip(row)
                .filter(|(_, r)| *r == 'S')
                .map(|(c, _)| convs[c].as_str())
                .collect();
            if answered.is_empty() {
                let e = user_error(inbox.unwrap_err());
                assert!(e == AppError::Forbidden, "{name} inbox: {e:?}");
            } else {
                let mut got: Vec<String> = inbox
                    .unwrap()
                    .conversations
                    .into_iter()
                    .map(|c| c.id)
                    .collect();
                got.sort();
                let mut want: Vec<String> = answered.iter().map(|s| (*s).to_owned()).collect();
                want.sort();
                assert_eq!(got, want, "{name} inbox");
            }
        }
        // Ids that do not exist answer exactly like other tenants' ids.
        let e = support::thread(&ctx.db, 0, w.p("admin"), ThreadRef::Id(&ids::new_id())).await;
        assert_eq!(user_error(e.unwrap_err()), AppError::NotFound);
        // Staff have no conversation of their own to write in.
        let e = support::send(ctx, w.p("support"), ThreadRef::Mine, "hi", None).await;
        assert_eq!(user_error(e.unwrap_err()), AppError::Forbidden);
    }
);

on_both_engines!(unread_markers_follow_each_side, |env: TestEnv| async move {
    let ctx = &env.ctx;
    let w = world(&env).await;
    let (nasi, helpdesk, owner) = (w.p("nasi"), w.p("helpdesk_a"), w.p("owner_a"));
    assert_eq!(support::unread_count(&ctx.db, helpdesk).await.unwrap(), 0);
    let id = support::send(
        ctx,
        nasi,
        ThreadRef::Mine,
        "Our coupons did not print",
        None,
    )
    .await
    .unwrap();
    env.clock.advance(1_000);
    let inbox = support::inbox(&ctx.db, helpdesk, false, None, 10)
        .await
        .unwrap();
    assert_eq!(inbox.unread_total, 1);
    let c = &inbox.conversations[0];
    assert_eq!(
        (
            c.requester_name.as_str(),
            c.requester_label.as_str(),
            c.unread
        ),
        ("Nasi Lemak House Sdn Bhd", "Merchant", true)
    );
    assert_eq!(c.preview, "Our coupons did not print");
    assert_eq!(
        support::inbox(&ctx.db, helpdesk, true, None, 10)
            .await
            .unwrap()
            .conversations
            .len(),
        1
    );
    // The agent owner shares the inbox with its staff.
    assert_eq!(support::unread_count(&ctx.db, owner).await.unwrap(), 1);

    let t = support::thread(&ctx.db, env.clock.now_ms(), helpdesk, ThreadRef::Id(&id))
        .await
        .unwrap();
    assert_eq!(t.support_name, "SuperDeals");
    assert_eq!(t.messages[0].read_at_ms, Some(env.clock.now_ms()));
    let inbox = support::inbox(&ctx.db, helpdesk, true, None, 10)
        .await
        .unwrap();
    assert!(inbox.conversations.is_empty());
    assert_eq!(inbox.unread_total, 0);

    // The requester sees the reply as unread until it opens the thread.
    assert_eq!(support::unread_count(&ctx.db, nasi).await.unwrap(), 0);
    support::send(
        ctx,
        helpdesk,
        ThreadRef::Id(&id),
        "Try again now",
        Some(&png(4, 4)),
    )
    .await
    .unwrap();
    assert_eq!(support::unread_count(&ctx.db, nasi).await.unwrap(), 1);
    let t = support::thread(&ctx.db, env.clock.now_ms(), nasi, ThreadRef::Mine)
        .await
        .unwrap();
    assert_eq!(t.messages.len(), 2);
    assert_eq!(t.messages[1].side, Side::Support);
    assert_eq!(t.messages[1].author_name, "Hana (Helpdesk)");
    assert!(t.messages[1].has_image);
    assert_eq!(support::unread_count(&ctx.db, nasi).await.unwrap(), 0);
    // A platform merchant's temporary kind shows in the label; an agent shows as Agent.
    support::send(ctx, w.p("bazaar"), ThreadRef::Mine, "hi", None)
        .await
        .unwrap();
    env.clock.advance(1_000);
    support::send(ctx, owner, ThreadRef::Mine, "hi", None)
        .await
        .unwrap();
    let labels: Vec<(String, String)> = support::inbox(&ctx.db, w.p("support"), false, None, 10)
        .await
        .unwrap()
        .conversations
        .into_iter()
        .map(|c| (c.requester_name, c.requester_label))
        .collect();
    assert_eq!(
        labels,
        vec![
            ("SuperDeals".to_owned(), "Agent".to_owned()),
            ("Pop-Up Bazaar".to_owned(), "Temporary Merchant".to_owned()),
        ]
    );
});

on_both_engines!(
    refusals_store_nothing_and_first_messages_race_to_one_conversation,
    |env: TestEnv| async move {
        let ctx = &env.ctx;
        let w = world(&env).await;
        let kopi = w.p("kopi");
        let count = |sql: &'static str| {
            let db = ctx.db.clone();
            async move {
                let (n,): (i64,) = sqlx::query_as(sql).fetch_one(db.pool()).await.unwrap();
                n
            }
        };
        let e = support::send(ctx, kopi, ThreadRef::Mine, "   ", None)
            .await
            .unwrap_err();
        assert!(
            user_error(e)
                .to_string()
                .contains("write a message or attach an image")
        );
        let e = support::send(
            ctx,
            kopi,
            ThreadRef::Mine,
            "see file",
            Some(b"GIF89a-not-allowed"),
        )
        .await
        .unwrap_err();
        assert!(user_error(e).to_string().contains("only PNG, JPEG or WebP"));
        let long = "x".repeat(domain::support::BODY_CHARS_MAX + 1);
        assert!(
            support::send(ctx, kopi, ThreadRef::Mine, &long, None)
                .await
                .is_err()
        );
        assert_eq!(count("select count(*) from support_conversations").await, 0);
        assert_eq!(count("select count(*) from support_messages").await, 0);
        assert!(!env.dir.join("files").join("support").exists());

        let sends = (0..8).map(|i| {
            let ctx = ctx.clone();
            let kopi = kopi.clone();
            tokio::spawn(async move {
                support::send(&ctx, &kopi, ThreadRef::Mine, &format!("message {i}"), None).await
            })
        });
        let ids: Vec<String> = futures_join(sends).await;
        assert!(
            ids.windows(2).all(|p| p[0] == p[1]),
            "one conversation: {ids:?}"
        );
        assert_eq!(count("select count(*) from support_conversations").await, 1);
        assert_eq!(count("select count(*) from support_messages").await, 8);

        let e = support::inbox(&ctx.db, w.p("support"), false, Some("garbage"), 10)
            .await
            .unwrap_err();
        assert!(matches!(user_error(e), AppError::InvalidInput { .. }));
    }
);

async fn futures_join(
    handles: impl Iterator<Item = tokio::task::JoinHandle<backend::Result<String>>>,
) -> Vec<String> {
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap().unwrap());
    }
    out
}

on_both_engines!(inbox_pages_newest_first, |env: TestEnv| async move {
    let ctx = &env.ctx;
    let w = world(&env).await;
    let platform = w.p("admin").tenant_id.clone();
    // 30 merchants write, one second apart; the inbox pages through them newest first.
    let mut names = Vec::new();
    for i in 0..30 {
        let merchant = ids::new_id();
        sqlx::query(
            "insert into merchants (id, tenant_id, company_name, kind, status, country, city, created_at_ms)
             values ($1, $2, $3, 'annual', 'active', 'MY', 'KL', 0)",
        )
        .bind(&merchant)
        .bind(&platform)
        .bind(format!("Shop {i:02}"))
        .execute(ctx.db.pool())
        .await
        .unwrap();
        let user = ids::new_id();
        sqlx::query(
            "insert into users (id, tenant_id, email, display_name, password_hash, kind, permissions, merchant_id, disabled, created_at_ms)
             values ($1, $2, $3, 'Owner', 'x', 'merchant', 0, $4, 0, 0)",
        )
        .bind(&user)
        .bind(&platform)
        .bind(format!("shop{i}@x.test"))
        .bind(&merchant)
        .execute(ctx.db.pool())
        .await
        .unwrap();
        let mut who = w.p("kopi").clone();
        who.user_id = user;
        who.role = domain::auth::Role::Merchant {
            merchant_id: merchant,
            kind: domain::auth::MerchantKind::Annual,
        };
        support::send(ctx, &who, ThreadRef::Mine, "hello", None)
            .await
            .unwrap();
        names.push(format!("Shop {i:02}"));
        env.clock.advance(1_000);
    }
    names.reverse();
    let mut seen = Vec::new();
    let mut before = None;
    loop {
        let page = support::inbox(
            &ctx.db,
            w.p("support"),
            false,
            before.as_deref(),
            INBOX_PAGE_ROWS,
        )
        .await
        .unwrap();
        assert!(page.conversations.len() <= 25);
        seen.extend(page.conversations.into_iter().map(|c| c.requester_name));
        match page.next {
            Some(n) => before = Some(n),
            None => break,
        }
    }
    assert_eq!(seen, names);
});

on_both_engines!(
    staff_are_managed_within_their_tenant,
    |env: TestEnv| async move {
        let ctx = &env.ctx;
        let w = world(&env).await;
        let (admin, owner) = (w.p("admin"), w.p("owner_a"));
        let new = |email: &str, perms: &[Permission]| NewStaff {
            email: email.to_owned(),
            display_name: "New Staff".to_owned(),
            password: DEMO_PASSWORD.to_owned(),
            permissions: Permissions::of(perms),
        };
        let id = staff::create(ctx, admin, new("desk@coupons.test", &[Permission::Support]))
            .await
            .unwrap();
        let (p, token) = login(ctx, &admin.tenant_id, "desk@coupons.test").await;
        assert!(Section::Support.allows(&p.role));
        assert!(!Section::AdApprovals.allows(&p.role));

        // A change applies on the member's next request (the session is re-read each time).
        staff::set_permissions(
            &ctx.db,
            admin,
            &id,
            Permissions::of(&[Permission::AdApprover]),
        )
        .await
        .unwrap();
        let next = auth::principal(&ctx.db, &token, &admin.tenant_id, env.clock.now_ms())
            .await
            .unwrap()
            .unwrap();
        assert!(!Section::Support.allows(&next.role));
        assert!(Section::AdApprovals.allows(&next.role));

        staff::set_disabled(&ctx.db, admin, &id, true)
            .await
            .unwrap();
        assert!(
            auth::principal(&ctx.db, &token, &admin.tenant_id, env.clock.now_ms())
                .await
                .unwrap()
                .is_none()
        );
        let e = auth::login(
            ctx,
            &admin.tenant_id,
            "desk@coupons.test",
            DEMO_PASSWORD,
            "1.2.3.4",
        )
        .await;
        assert_eq!(user_error(e.unwrap_err()), AppError::AccountDisabled);
        staff::set_disabled(&ctx.db, admin, &id, false)
            .await
            .unwrap();
        login(ctx, &admin.tenant_id, "desk@coupons.test").await;

        // The Super Admin keeps itself; duplicates are refused.
        let e = staff::set_permissions(
            &ctx.db,
            admin,
            &admin.user_id,
            Permissions::of(&[Permission::Support]),
        )
        .await;
        assert!(
            user_error(e.unwrap_err())
                .to_string()
                .contains("cannot remove Super Admin")
        );
        let e = staff::set_disabled(&ctx.db, admin, &admin.user_id, true).await;
        assert!(
            user_error(e.unwrap_err())
                .to_string()
                .contains("own account")
        );
        let e = staff::create(ctx, admin, new("desk@coupons.test", &[])).await;
        assert!(
            user_error(e.unwrap_err())
                .to_string()
                .contains("already used")
        );

        // An agent manages only its own staff, and cannot grant Super Admin.
        let e = staff::create(
            ctx,
            owner,
            new("boss@superdeals.test", &[Permission::SuperAdmin]),
        )
        .await;
        assert!(
            user_error(e.unwrap_err())
                .to_string()
                .contains("cannot be granted")
        );
        let helper = staff::create(
            ctx,
            owner,
            new("ads2@superdeals.test", &[Permission::AdApprover]),
        )
        .await
        .unwrap();
        let e = staff::set_permissions(&ctx.db, owner, &id, Permissions::NONE).await;
        assert_eq!(
            user_error(e.unwrap_err()),
            AppError::NotFound,
            "platform staff are not the agent's"
        );
        let e = staff::set_disabled(&ctx.db, owner, &owner.user_id, true).await;
        assert_eq!(
            user_error(e.unwrap_err()),
            AppError::NotFound,
            "the owner is not staff"
        );
        let e = staff::set_disabled(&ctx.db, w.p("owner_b"), &helper, true).await;
        assert_eq!(
            user_error(e.unwrap_err()),
            AppError::NotFound,
            "another agent's staff"
        );
        let e = staff::set_permissions(&ctx.db, admin, &helper, Permissions::NONE).await;
        assert_eq!(
            user_error(e.unwrap_err()),
            AppError::NotFound,
            "the platform cannot reach agent staff"
        );
        staff::set_permissions(
            &ctx.db,
            owner,
            &helper,
            Permissions::of(&[Permission::Support]),
        )
        .await
        .unwrap();

        // Staff without the Staff section cannot manage anyone.
        for name in ["support", "helpdesk_a", "kopi"] {
            let e = staff::create(ctx, w.p(name), new("x@y.test", &[])).await;
            assert_eq!(user_error(e.unwrap_err()), AppError::Forbidden, "{name}");
        }
        let list = tenants::staff(&ctx.db, owner).await.unwrap();
        let h = list.iter().find(|s| s.user_id == helper).unwrap();
        assert_eq!(
            (h.permissions.clone(), h.is_staff),
            (vec![Permission::Support], true)
        );
        assert!(
            !list
                .iter()
                .find(|s| s.user_id == owner.user_id)
                .unwrap()
                .is_staff
        );
    }
);
