//! WhatsApp campaigns (birthday, inactive recall, festivals) below the pages, on SQLite and
//! PostgreSQL: a year of scheduler passes over a few hundred customers in two time zones,
//! consent by STOP / START replies through the webhook, quiet hours, the money (held, then
//! deducted exactly for the messages accepted), a run stopped by an empty batch or wallet,
//! two schedulers at once, a scheduler killed mid-run, and the cost preview.

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on the first broken expectation"
)]

use std::collections::{HashMap, HashSet};
use std::io::Cursor;

use backend::campaigns::{self, local_time};
use backend::claims::{self, ClaimRequest};
use backend::clock::DAY_MS;
use backend::credits::{self, Posting, WalletRef};
use backend::testing::{DEMO_PASSWORD, T0_MS, TestEnv};
use backend::whatsapp::{self, webhook};
use backend::{Clock, auth, coupons, on_both_engines, seed, templates};
use domain::auth::{Password, Principal};
use domain::campaigns::{CampaignSettings, FestivalChoice, MonthDay, QuietHours, due_occurrence};
use domain::claims::{ClaimForm, ClaimSource};
use domain::coupons::BatchForm;
use domain::credits::{Action, CreditType, OwnerType, RelatedKind};
use domain::time::civil_from_days;

const HOUR_MS: i64 = 3_600_000;

struct World {
    admin: Principal,
    kopi: Principal,
    nasi: Principal,
    template_id: String,
}

async fn login(env: &TestEnv, host: &str, email: &str) -> Principal {
    let tenant = backend::tenants::resolve_host(
        &env.ctx.db,
        &domain::tenants::HostName::parse(host).unwrap(),
        &env.ctx.config.main_domains,
    )
    .await
    .unwrap()
    .unwrap()
    .tenant_id;
    auth::login(&env.ctx, &tenant, email, DEMO_PASSWORD, "127.0.0.1")
        .await
        .unwrap()
        .0
}

fn png() -> Vec<u8> {
    let img = image::RgbaImage::from_fn(600, 300, |x, _| {
        image::Rgba([u8::try_from(x / 3).unwrap(), 90, 160, 255])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn world(env: &TestEnv) -> World {
    seed::demo(&env.ctx, &Password::parse(DEMO_PASSWORD).unwrap())
        .await
        .unwrap();
    let admin = login(env, "localhost", "admin@coupons.test").await;
    let kopi = login(env, "localhost", "kopi@coupons.test").await;
    let nasi = login(env, "demo-agent.localhost", "nasi@superdeals.test").await;
    let t = templates::add_library_template(&env.ctx, &admin, "Teal", "Food", &png())
        .await
        .unwrap();
    World {
        admin,
        kopi,
        nasi,
        template_id: t.id,
    }
}

async fn buy(env: &TestEnv, who: &Principal, credit_type: CreditType, n: i64) {
    let p = Posting {
        wallet: WalletRef {
            tenant_id: who.tenant_id.clone(),
            owner_type: OwnerType::Merchant,
            owner_id: who.merchant_id().unwrap().to_owned(),
            credit_type,
        },
        action: Action::Purchase,
        amount: n,
        related_kind: RelatedKind::None,
        related_id: None,
        description: "test purchase".into(),
        message: None,
        idempotency_key: format!("buy-{}", backend::ids::new_id()),
        actor_user_id: None,
    };
    credits::post(&env.ctx.db, env.ctx.clock.now_ms(), &p)
        .await
        .unwrap();
}

/// Buys the coupon credits and generates a batch valid from today to `until`.
async fn batch(env: &TestEnv, w: &World, who: &Principal, quantity: i64, until: &str) -> String {
    buy(env, who, CreditType::Coupon, quantity).await;
    let from = domain::time::date_ymd(env.ctx.clock.now_ms());
    let form = BatchForm {
        title: "A treat from us".into(),
        offer_details: "One free drink.".into(),
        terms: "One per visit.".into(),
        category: "cafe".into(),
        country: "MY".into(),
        city: "Kuala Lumpur".into(),
        business_type: "Kopitiam".into(),
        quantity: quantity.to_string(),
        valid_from: from,
        valid_until: until.into(),
        template_id: w.template_id.clone(),
        send_whatsapp: false,
        show_in_center: true,
        claim_limit: "5".into(),
    };
    coupons::generate_batch(&env.ctx, who, &form, &backend::ids::new_id())
        .await
        .unwrap()
        .id
}

/// A customer of `who`: claims one coupon of `batch_id` now (a return), ticking the box for
/// offers by WhatsApp.
async fn claim(env: &TestEnv, who: &Principal, batch_id: &str, phone: &str, birthday: &str) {
    claim_with(env, who, batch_id, phone, birthday, true).await;
}

/// Like [`claim`], with the offers box ticked or not.
async fn claim_with(
    env: &TestEnv,
    who: &Principal,
    batch_id: &str,
    phone: &str,
    birthday: &str,
    marketing: bool,
) {
    let f = ClaimForm {
        name: format!("Customer {}", &phone[phone.len() - 4..]),
        phone: phone.into(),
        birthday: birthday.into(),
        reuse_birthday: false,
        marketing,
    };
    claims::claim(
        &env.ctx,
        &ClaimRequest {
            tenant_id: &who.tenant_id,
            batch_id,
            form: &f,
            source: ClaimSource::Homepage,
            addr: &format!("10.9.{}", &phone[phone.len() - 4..]),
            site_base: "http://localhost:3000",
            device: None,
            locale: Default::default(),
        },
    )
    .await
    .unwrap();
}

/// The birthday of customer `i`: spread over the whole year.
fn birthday(i: usize) -> String {
    let day = i64::try_from(i * 37 % 366).unwrap();
    let (_, m, d) = civil_from_days(domain::time::days_from_civil(1992, 1, 1) + day);
    format!("1992-{m:02}-{d:02}")
}

/// Delivers everything queued (the sandbox accepts at once), moving the clock on a few
/// seconds at a time while the rate limits hold messages back.
async fn dispatch_all(env: &TestEnv) {
    let engine = whatsapp::Engine::new(&env.ctx).await.unwrap();
    for _ in 0..1000 {
        whatsapp::dispatch_once(&engine, "test", 64).await.unwrap();
        let waiting = count(
            env,
            "select count(*) from wa_messages where state in ('queued', 'sending')",
        )
        .await;
        if waiting == 0 {
            return;
        }
        env.clock.advance(7_000);
    }
    panic!("messages still queued after 1000 passes");
}

async fn post_reply(env: &TestEnv, from: &str, text: &str) -> webhook::WebhookReport {
    let body = serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": "0", "changes": [{ "field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": { "display_phone_number": "15550000000", "phone_number_id": "sandbox" },
            "contacts": [{ "wa_id": from, "profile": { "name": "x" } }],
            "messages": [{ "from": from, "id": format!("wamid.in.{}", backend::ids::new_id()),
                           "timestamp": "1", "type": "text", "text": { "body": text } }]
        }}]}]
    });
    let body = serde_json::to_vec(&body).unwrap();
    let secret = webhook::webhook_secret(&env.ctx.config.whatsapp);
    let sig = webhook::sign(&secret, &body).unwrap();
    webhook::handle_webhook(&env.ctx.db, env.ctx.clock.now_ms(), &secret, &sig, &body)
        .await
        .unwrap()
}

#[derive(Debug, sqlx::FromRow)]
struct SendRow {
    merchant_id: String,
    kind: String,
    occasion: String,
    sent_at_ms: i64,
    phone: String,
    birthday: String,
}

async fn sends(env: &TestEnv) -> Vec<SendRow> {
    sqlx::query_as(
        "select s.merchant_id, s.kind, s.occasion, s.sent_at_ms, c.phone, c.birthday
         from campaign_sends s join customers c on c.id = s.customer_id order by s.sent_at_ms",
    )
    .fetch_all(env.ctx.db.pool())
    .await
    .unwrap()
}

async fn count(env: &TestEnv, sql: &'static str) -> i64 {
    sqlx::query_as::<_, (i64,)>(sql)
        .fetch_one(env.ctx.db.pool())
        .await
        .unwrap()
        .0
}

async fn bi_wallet(env: &TestEnv, who: &Principal) -> (i64, i64) {
    let w = credits::balances(
        &env.ctx.db,
        OwnerType::Merchant,
        who.merchant_id().unwrap(),
        &[CreditType::WaBi],
    )
    .await
    .unwrap();
    (w[0].balance, w[0].held)
}

fn settings(batch: &str, tz: Option<&str>, quiet: QuietHours) -> CampaignSettings {
    let mut s = CampaignSettings {
        timezone: tz.map(str::to_owned),
        quiet,
        ..CampaignSettings::default()
    };
    s.birthday.on = true;
    s.birthday.days_before = 3;
    s.birthday.days_after = 2;
    s.birthday.batch_id = Some(batch.to_owned());
    s.birthday.text = "Happy birthday! Here is a treat.".into();
    s.recall.on = true;
    s.recall.inactive_days = 40;
    s.recall.batch_id = Some(batch.to_owned());
    s.recall.text = "We miss you!\nCome back for a free drink.".into();
    s
}

const KOPI_CUSTOMERS: usize = 160;
const NASI_CUSTOMERS: usize = 90;
/// Customers of Kopi who reply STOP on day 100; the first half say START on day 200.
const STOPPERS: usize = 6;

on_both_engines!(
    a_year_of_campaigns_sends_each_message_once_in_its_window_and_outside_quiet_hours,
    |env: TestEnv| async move {
        let w = world(&env).await;
        // Festivals: Chinese New Year (dated) and Deepavali (dated) enabled by Kopi, Christmas
        // (fixed) in the calendar but never enabled.
        let cny = campaigns::add_festival(&env.ctx, &w.admin, "my", "Chinese New Year", "")
            .await
            .unwrap();
        campaigns::set_festival_date(&env.ctx, &w.admin, &cny, "2027-02-06")
            .await
            .unwrap();
        let deepavali = campaigns::add_festival(&env.ctx, &w.admin, "MY", "Deepavali", "")
            .await
            .unwrap();
        campaigns::set_festival_date(&env.ctx, &w.admin, &deepavali, "2027-10-28")
            .await
            .unwrap();
        let xmas = campaigns::add_festival(&env.ctx, &w.admin, "MY", "Christmas", "12-25")
            .await
            .unwrap();
        assert!(
            campaigns::add_festival(&env.ctx, &w.admin, "MY", "Christmas", "12-25")
                .await
                .is_err(),
            "a name is used once per country"
        );
        assert!(
            campaigns::add_festival(&env.ctx, &w.kopi, "MY", "Kopi Day", "01-01")
                .await
                .is_err(),
            "only the Super Admin keeps the calendar"
        );

        // Customers: each claims once, on one of the first ten days (their last return).
        let kopi_seed = batch(&env, &w, &w.kopi, 400, "2027-12-31").await;
        let nasi_seed = batch(&env, &w, &w.nasi, 400, "2027-12-31").await;
        let kopi_batch = batch(&env, &w, &w.kopi, 2000, "2027-12-31").await;
        let nasi_batch = batch(&env, &w, &w.nasi, 2000, "2027-12-31").await;
        buy(&env, &w.kopi, CreditType::WaBi, 3000).await;
        buy(&env, &w.nasi, CreditType::WaBi, 3000).await;
        let kopi_phone = |i: usize| format!("+6012{:07}", 1_000_000 + i);
        let nasi_phone = |i: usize| format!("+6013{:07}", 2_000_000 + i);
        for day in 0..10_i64 {
            env.clock.set(T0_MS + day * DAY_MS + 3 * HOUR_MS);
            for i in (0..KOPI_CUSTOMERS).filter(|i| i64::try_from(i % 10).unwrap() == day) {
                claim(&env, &w.kopi, &kopi_seed, &kopi_phone(i), &birthday(i)).await;
            }
            for i in (0..NASI_CUSTOMERS).filter(|i| i64::try_from(i % 10).unwrap() == day) {
                claim(&env, &w.nasi, &nasi_seed, &nasi_phone(i), &birthday(i)).await;
            }
        }
        env.clock.set(T0_MS + 10 * DAY_MS);

        // Kopi in Kuala Lumpur with the default quiet hours; Nasi in New York, quiet at midday.
        let kopi_s = settings(&kopi_batch, None, QuietHours::default());
        let nasi_quiet = QuietHours::parse("12:00", "20:00").unwrap();
        let nasi_s = settings(&nasi_batch, Some("America/New_York"), nasi_quiet);
        campaigns::save_settings(&env.ctx, &w.kopi, &kopi_s)
            .await
            .unwrap();
        campaigns::save_settings(&env.ctx, &w.nasi, &nasi_s)
            .await
            .unwrap();
        for f in [&cny, &deepavali] {
            campaigns::save_festival(
                &env.ctx,
                &w.kopi,
                &FestivalChoice {
                    festival_id: f.clone(),
                    enabled: true,
                    batch_id: kopi_batch.clone(),
                    text: "Happy holidays!".into(),
                    days_before: 2,
                },
            )
            .await
            .unwrap();
        }
        // Nasi chose Christmas once and then turned it off.
        // (Christmas is in the calendar of MY; Nasi is a Malaysian merchant.)
        campaigns::save_festival(
            &env.ctx,
            &w.nasi,
            &FestivalChoice {
                festival_id: xmas.clone(),
                enabled: false,
                batch_id: nasi_batch.clone(),
                text: "Merry Christmas".into(),
                days_before: 1,
            },
        )
        .await
        .unwrap();

        // Returns mid-year: Kopi's customers 0..20 claim again on day 150.
        let second_return_day = 150_i64;
        let start_day = 10_i64;
        let end_day = start_day + 366;
        let mut returned_again: HashMap<String, i64> = HashMap::new();
        for day in start_day..end_day {
            if day == 100 {
                env.clock.set(T0_MS + day * DAY_MS);
                for i in 0..STOPPERS {
                    let from = kopi_phone(i).trim_start_matches('+').to_owned();
                    let r =
                        post_reply(&env, &from, if i % 2 == 0 { " stop " } else { "STOP" }).await;
                    assert_eq!(r.consent_replies, 1);
                }
                let r = post_reply(&env, "60199999999", "STOP").await;
                assert_eq!(
                    r.consent_replies, 0,
                    "a number never messaged changes nothing"
                );
                let r = post_reply(&env, &kopi_phone(50)[1..], "please stop soon").await;
                assert_eq!(r.consent_replies, 0, "only the word itself counts");
            }
            if day == 200 {
                for i in 0..STOPPERS / 2 {
                    post_reply(&env, &kopi_phone(i)[1..], "Start").await;
                }
            }
            if day == second_return_day {
                let fresh = batch(&env, &w, &w.kopi, 20, "2027-12-31").await;
                env.clock.set(T0_MS + day * DAY_MS + HOUR_MS);
                for i in 0..20 {
                    claim(&env, &w.kopi, &fresh, &kopi_phone(i), &birthday(i)).await;
                    returned_again.insert(kopi_phone(i), env.clock.now_ms());
                }
            }
            for hour in [0, 6, 12, 18] {
                let now = T0_MS + day * DAY_MS + hour * HOUR_MS;
                env.clock.set(now);
                campaigns::run_due(&env.ctx, now).await.unwrap();
                dispatch_all(&env).await;
            }
        }

        // Let the rate limits release whatever the last pass left queued.
        env.clock.set(T0_MS + end_day * DAY_MS + HOUR_MS);
        dispatch_all(&env).await;
        let all = sends(&env).await;
        let kopi_id = w.kopi.merchant_id().unwrap();
        let nasi_id = w.nasi.merchant_id().unwrap();
        let kl = jiff::tz::TimeZone::get("Asia/Kuala_Lumpur").unwrap();
        let ny = jiff::tz::TimeZone::get("America/New_York").unwrap();
        let first_day =
            |tz: &jiff::tz::TimeZone| local_time(tz, T0_MS + start_day * DAY_MS).unwrap().0;
        let last_day =
            |tz: &jiff::tz::TimeZone| local_time(tz, T0_MS + end_day * DAY_MS).unwrap().0 - 1;
        let stop_at = T0_MS + 100 * DAY_MS;
        let start_at = T0_MS + 200 * DAY_MS;
        let stopper = |phone: &str| (0..STOPPERS).any(|i| kopi_phone(i) == phone);
        let restarted = |phone: &str| (0..STOPPERS / 2).any(|i| kopi_phone(i) == phone);

        for s in &all {
            let (tz, quiet) = if s.merchant_id == kopi_id {
                (&kl, QuietHours::default())
            } else {
                (&ny, nasi_quiet)
            };
            let (day, _, minute) = local_time(tz, s.sent_at_ms).unwrap();
            assert!(!quiet.is_quiet(minute), "sent in quiet hours: {s:?}");
            if stopper(&s.phone) && s.merchant_id == kopi_id {
                let silent =
                    s.sent_at_ms >= stop_at && (!restarted(&s.phone) || s.sent_at_ms < start_at);
                assert!(!silent, "an opted-out customer was messaged: {s:?}");
            }
            match s.kind.as_str() {
                "birthday" => {
                    let y: i64 = s.occasion.parse().unwrap();
                    let b = MonthDay::parse(&s.birthday).unwrap();
                    assert_eq!(
                        due_occurrence(b, day, 3, 2),
                        Some(y),
                        "outside its window: {s:?}"
                    );
                }
                "festival" => {
                    assert_eq!(s.merchant_id, kopi_id, "Nasi enabled no festival");
                    let (fid, y) = s.occasion.split_once(':').unwrap();
                    assert_ne!(fid, xmas, "Christmas was never enabled");
                    let on = if fid == cny {
                        domain::time::days_from_civil(2027, 2, 6)
                    } else {
                        assert_eq!(fid, deepavali);
                        domain::time::days_from_civil(2027, 10, 28)
                    };
                    assert_eq!(y, "2027");
                    assert!(
                        (on - 2..=on).contains(&day),
                        "festival outside its days: {s:?}"
                    );
                }
                "recall" => {
                    let since: i64 = s.occasion.parse().unwrap();
                    assert!(
                        s.sent_at_ms - since >= 40 * DAY_MS,
                        "recalled too early: {s:?}"
                    );
                }
                other => panic!("unknown kind {other}"),
            }
        }

        // Completeness: every birthday window inside the year got its one message (unless
        // the customer had opted out then); every festival reached every customer.
        for (merchant, n, phone, tz) in [
            (
                kopi_id,
                KOPI_CUSTOMERS,
                &kopi_phone as &dyn Fn(usize) -> String,
                &kl,
            ),
            (
                nasi_id,
                NASI_CUSTOMERS,
                &nasi_phone as &dyn Fn(usize) -> String,
                &ny,
            ),
        ] {
            for i in 0..n {
                let p = phone(i);
                let b = MonthDay::parse(&birthday(i)).unwrap();
                for y in [2026_i64, 2027] {
                    let on = b.in_year(y);
                    if on - 3 < first_day(tz) || on + 2 > last_day(tz) {
                        continue;
                    }
                    let got = all
                        .iter()
                        .filter(|s| {
                            s.merchant_id == merchant
                                && s.phone == p
                                && s.kind == "birthday"
                                && s.occasion == y.to_string()
                        })
                        .count();
                    let window_start_ms =
                        T0_MS + (on - 3 - domain::time::days_from_civil(2026, 11, 25)) * DAY_MS;
                    let window_end_ms = window_start_ms + 6 * DAY_MS;
                    let blocked = merchant == kopi_id
                        && stopper(&p)
                        && window_start_ms >= stop_at
                        && (!restarted(&p) || window_end_ms <= start_at);
                    if !blocked {
                        assert_eq!(got, 1, "birthday {y} of {p} sent {got} times");
                    }
                }
            }
        }
        for f in [&cny, &deepavali] {
            let reached: HashSet<&str> = all
                .iter()
                .filter(|s| s.kind == "festival" && s.occasion.starts_with(f.as_str()))
                .map(|s| s.phone.as_str())
                .collect();
            let silenced = if f == &deepavali {
                STOPPERS - STOPPERS / 2
            } else {
                0
            };
            assert_eq!(reached.len(), KOPI_CUSTOMERS - silenced);
        }
        let xmas_none = all.iter().all(|s| !s.occasion.starts_with(xmas.as_str()));
        assert!(xmas_none);

        // Recalls: one per return; a customer who came back on day 150 is recalled again.
        for i in 0..KOPI_CUSTOMERS {
            let p = kopi_phone(i);
            let recalls: Vec<&SendRow> = all
                .iter()
                .filter(|s| s.phone == p && s.kind == "recall")
                .collect();
            let expected = if returned_again.contains_key(&p) {
                2
            } else {
                1
            };
            let allowed_silence = stopper(&p);
            if !allowed_silence {
                assert_eq!(recalls.len(), expected, "recalls of {p}: {recalls:?}");
            }
            if let Some(back) = returned_again.get(&p) {
                for r in recalls.iter().filter(|r| r.sent_at_ms > *back) {
                    assert_eq!(r.occasion, back.to_string());
                }
            }
        }
        for i in 0..NASI_CUSTOMERS {
            let p = nasi_phone(i);
            let n = all
                .iter()
                .filter(|s| s.phone == p && s.kind == "recall")
                .count();
            assert_eq!(n, 1, "recalls of {p}");
        }

        // Money: every message accepted, each deducted once, nothing left held; the coupons
        // taken are exactly the messages.
        let accepted = count(
            &env,
            "select count(*) from wa_messages where state = 'accepted' and class = 'bi'",
        )
        .await;
        assert_eq!(accepted, i64::try_from(all.len()).unwrap());
        for (who, mid) in [(&w.kopi, kopi_id), (&w.nasi, nasi_id)] {
            let n = i64::try_from(all.iter().filter(|s| s.merchant_id == mid).count()).unwrap();
            assert_eq!(bi_wallet(&env, who).await, (3000 - n, 0));
        }
        let campaign_claims = count(
            &env,
            "select count(*) from claims where source in ('birthday', 'recall', 'festival')",
        )
        .await;
        assert_eq!(campaign_claims, i64::try_from(all.len()).unwrap());
        let linked = count(&env, "select count(*) from campaign_sends s join claims c on c.serial = s.serial join wa_messages m on m.id = s.message_id where c.wa_message_id = m.id and m.coupon_id = s.serial").await;
        assert_eq!(linked, i64::try_from(all.len()).unwrap());
        let v = credits::audit(&env.ctx.db).await.unwrap();
        assert!(v.is_empty(), "auditor found: {v:#?}");

        // One run per campaign, merchant and local day; the log counts the opted-out.
        let dup = count(&env, "select count(*) from (select merchant_id, kind, local_day from campaign_runs group by merchant_id, kind, local_day having count(*) > 1) x").await;
        assert_eq!(dup, 0);
        let running = count(
            &env,
            "select count(*) from campaign_runs where status <> 'done'",
        )
        .await;
        assert_eq!(running, 0);
        let logs = campaigns::runs(&env.ctx, &w.kopi, 200).await.unwrap();
        assert!(logs.iter().all(|r| r.merchant_id == kopi_id));
        assert!(logs.iter().any(|r| r.skipped_opted_out > 0));
        assert!(logs.iter().any(|r| r.skipped_already_sent > 0));
        let queued: i64 = logs.iter().map(|r| r.queued).sum::<i64>();
        let sent: i64 = logs.iter().map(|r| r.sent).sum::<i64>();
        assert_eq!(queued, sent, "every queued message reached WhatsApp");
        let agent_owner = login(&env, "demo-agent.localhost", "agent@superdeals.test").await;
        let agent_logs = campaigns::runs(&env.ctx, &agent_owner, 200).await.unwrap();
        assert!(!agent_logs.is_empty() && agent_logs.iter().all(|r| r.merchant_id == nasi_id));
        let admin_logs = campaigns::runs(&env.ctx, &w.admin, 200).await.unwrap();
        assert!(admin_logs.iter().all(|r| r.merchant_id != nasi_id));
    }
);

/// Kopi with `n` customers whose birthday is today, a birthday campaign on a batch of
/// `quantity` and `credits` BI credits.
async fn birthday_today(env: &TestEnv, n: usize, quantity: i64, credits: i64) -> (World, String) {
    let w = world(env).await;
    let seed_batch = batch(env, &w, &w.kopi, i64::try_from(n).unwrap(), "2027-12-31").await;
    let today = domain::time::date_ymd(env.ctx.clock.now_ms() + 8 * HOUR_MS);
    for i in 0..n {
        claim(
            env,
            &w.kopi,
            &seed_batch,
            &format!("+6017{:07}", 3_000_000 + i),
            &format!("1990{}", &today[4..]),
        )
        .await;
    }
    let b = batch(env, &w, &w.kopi, quantity, "2027-12-31").await;
    buy(env, &w.kopi, CreditType::WaBi, credits).await;
    let mut s = settings(&b, None, QuietHours::parse("00:00", "00:00").unwrap());
    s.recall.on = false;
    campaigns::save_settings(&env.ctx, &w.kopi, &s)
        .await
        .unwrap();
    (w, b)
}

on_both_engines!(
    two_schedulers_at_once_and_a_killed_one_send_each_message_once,
    |env: TestEnv| async move {
        let (w, _) = birthday_today(&env, 40, 100, 100).await;
        let now = env.ctx.clock.now_ms() + 4 * HOUR_MS;
        env.clock.set(now);
        // A scheduler killed mid-run: its unfinished transaction rolls back, its run stays
        // 'running' until its lease ends, and the next pass resumes it.
        let killed = tokio::spawn({
            let ctx = env.ctx.clone();
            async move { campaigns::run_due(&ctx, now).await }
        });
        tokio::time::sleep(std::time::Duration::from_millis(40)).await;
        killed.abort();
        let _ = killed.await;
        let later = now + campaigns::RUN_LEASE_MS + 1;
        env.clock.set(later);
        let (a, b) = tokio::join!(
            campaigns::run_due(&env.ctx, later),
            campaigns::run_due(&env.ctx, later)
        );
        a.unwrap();
        b.unwrap();
        env.clock.set(later + HOUR_MS);
        campaigns::run_due(&env.ctx, later + HOUR_MS).await.unwrap();
        dispatch_all(&env).await;
        assert_eq!(count(&env, "select count(*) from campaign_sends").await, 40);
        assert_eq!(
            count(&env, "select count(*) from wa_messages where class = 'bi'").await,
            40
        );
        assert_eq!(
            count(
                &env,
                "select count(*) from claims where source = 'birthday'"
            )
            .await,
            40
        );
        assert_eq!(count(&env, "select count(*) from campaign_runs").await, 1);
        assert_eq!(
            count(&env, "select count(*) from wa_sandbox_outbox").await,
            40
        );
        assert_eq!(bi_wallet(&env, &w.kopi).await, (60, 0));
        let log = campaigns::runs(&env.ctx, &w.kopi, 10).await.unwrap();
        assert_eq!((log[0].queued, log[0].status.as_str()), (40, "done"));
        assert_eq!(
            log[0].skipped_already_sent, 0,
            "a resumed run does not count its own sends as skips"
        );
    }
);

on_both_engines!(
    a_run_stops_cleanly_when_the_batch_or_the_wallet_runs_out_and_tells_the_merchant,
    |env: TestEnv| async move {
        let (w, b) = birthday_today(&env, 12, 5, 8).await;
        let now = env.ctx.clock.now_ms() + 4 * HOUR_MS;
        env.clock.set(now);
        campaigns::run_due(&env.ctx, now).await.unwrap();
        let log = campaigns::runs(&env.ctx, &w.kopi, 10).await.unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].status, "stopped");
        assert_eq!(
            (
                log[0].selected,
                log[0].queued,
                log[0].skipped_batch_exhausted
            ),
            (12, 5, 7)
        );
        assert!(log[0].note.as_deref().unwrap().contains("batch"));
        // Only the five messages hold credits; no coupon was taken without its message.
        assert_eq!(bi_wallet(&env, &w.kopi).await, (8, 5));
        let taken = count(
            &env,
            "select count(*) from claims where source = 'birthday'",
        )
        .await;
        assert_eq!(taken, 5);
        let notices = count(&env, "select count(*) from support_messages where body like 'Automatic notice: your birthday campaign stopped%'").await;
        assert_eq!(notices, 1);
        // The same day again: nothing more (the day's run is over).
        env.clock.set(now + HOUR_MS);
        campaigns::run_due(&env.ctx, now + HOUR_MS).await.unwrap();
        assert_eq!(count(&env, "select count(*) from campaign_sends").await, 5);
        let _ = b;

        // The next day, with a big batch but only 3 credits left to hold: 3 more, then stop.
        let big = batch(&env, &w, &w.kopi, 50, "2027-12-31").await;
        let mut s = campaigns::settings(&env.ctx, &w.kopi).await.unwrap();
        s.birthday.batch_id = Some(big);
        s.birthday.days_after = 2;
        campaigns::save_settings(&env.ctx, &w.kopi, &s)
            .await
            .unwrap();
        env.clock.set(now + DAY_MS);
        campaigns::run_due(&env.ctx, now + DAY_MS).await.unwrap();
        let log = campaigns::runs(&env.ctx, &w.kopi, 10).await.unwrap();
        let r = log
            .iter()
            .find(|r| r.status == "stopped" && r.skipped_no_credits > 0)
            .unwrap();
        assert_eq!(
            (r.queued, r.skipped_no_credits, r.skipped_already_sent),
            (3, 4, 5)
        );
        assert_eq!(r.note.as_deref(), Some(campaigns::STOP_NO_CREDITS));
        assert_eq!(
            count(
                &env,
                "select count(*) from claims where source = 'birthday'"
            )
            .await,
            8
        );
        assert_eq!(bi_wallet(&env, &w.kopi).await, (8, 8));
        dispatch_all(&env).await;
        assert_eq!(bi_wallet(&env, &w.kopi).await, (0, 0));
        let v = credits::audit(&env.ctx.db).await.unwrap();
        assert!(v.is_empty(), "auditor found: {v:#?}");
    }
);

on_both_engines!(
    the_preview_counts_the_next_30_days_and_the_opted_out_apart_and_flags_a_shortfall,
    |env: TestEnv| async move {
        let (w, b) = birthday_today(&env, 10, 100, 4).await;
        // Five more customers with birthdays in 40 days: outside the preview.
        let seed_batch = batch(&env, &w, &w.kopi, 5, "2027-12-31").await;
        let later = domain::time::date_ymd(env.ctx.clock.now_ms() + 40 * DAY_MS);
        for i in 0..5 {
            claim(
                &env,
                &w.kopi,
                &seed_batch,
                &format!("+6018{:07}", 4_000_000 + i),
                &format!("1990{}", &later[4..]),
            )
            .await;
        }
        let mut s = campaigns::settings(&env.ctx, &w.kopi).await.unwrap();
        let p = campaigns::preview(&env.ctx, &w.kopi, &s).await.unwrap();
        assert_eq!(
            (p.reach, p.opted_out, p.credits_needed, p.credits_remaining),
            (10, 0, 10, 4)
        );
        assert_eq!(p.shortfall(), 6);
        campaigns::set_consent(
            &env.ctx.db,
            0,
            &w.kopi.tenant_id,
            w.kopi.merchant_id().unwrap(),
            "+60173000000",
            domain::campaigns::ConsentWord::Stop,
        )
        .await
        .unwrap();
        let p = campaigns::preview(&env.ctx, &w.kopi, &s).await.unwrap();
        assert_eq!((p.reach, p.opted_out), (9, 1));
        s.birthday.on = false;
        let p = campaigns::preview(&env.ctx, &w.kopi, &s).await.unwrap();
        assert_eq!(p.reach, 0);
        // Bad input is refused by name and changes nothing.
        s.birthday.on = true;
        s.birthday.days_before = 99;
        let e = campaigns::save_settings(&env.ctx, &w.kopi, &s)
            .await
            .unwrap_err();
        assert!(e.to_string().contains("Days before"), "{e}");
        s.birthday.days_before = 0;
        s.timezone = Some("Mars/Olympus".into());
        let e = campaigns::save_settings(&env.ctx, &w.kopi, &s)
            .await
            .unwrap_err();
        assert!(e.to_string().contains("Time zone"), "{e}");
        s.timezone = None;
        let other = batch(&env, &w, &w.nasi, 5, "2027-12-31").await;
        s.birthday.batch_id = Some(other);
        let e = campaigns::save_settings(&env.ctx, &w.kopi, &s)
            .await
            .unwrap_err();
        assert!(e.to_string().contains("Birthday batch"), "{e}");
        let stored = campaigns::settings(&env.ctx, &w.kopi).await.unwrap();
        assert_eq!(stored.birthday.batch_id.as_deref(), Some(b.as_str()));
        assert_eq!(stored.birthday.days_before, 3);
        // Temporary merchants run no campaigns.
        let bazaar = login(&env, "localhost", "bazaar@coupons.test").await;
        assert!(campaigns::settings(&env.ctx, &bazaar).await.is_err());
    }
);

on_both_engines!(
    campaigns_message_only_customers_who_consented_and_stop_still_wins,
    |env: TestEnv| async move {
        // Six customers ticked the box; two more with a birthday today did not.
        let (w, _) = birthday_today(&env, 6, 100, 20).await;
        let seed_batch = batch(&env, &w, &w.kopi, 2, "2027-12-31").await;
        let today = domain::time::date_ymd(env.ctx.clock.now_ms() + 8 * HOUR_MS);
        for i in 0..2 {
            claim_with(
                &env,
                &w.kopi,
                &seed_batch,
                &format!("+6019{:07}", 5_000_000 + i),
                &format!("1990{}", &today[4..]),
                false,
            )
            .await;
        }
        // Each consent is stored with its time, source and the words shown.
        let stored: Vec<(String, i64, String)> = sqlx::query_as(
            "select source, granted_at_ms, text_shown from marketing_consents where merchant_id = $1",
        )
        .bind(w.kopi.merchant_id().unwrap())
        .fetch_all(env.ctx.db.pool())
        .await
        .unwrap();
        assert_eq!(stored.len(), 6);
        for (source, at, text) in &stored {
            assert_eq!(source, "claim_form");
            assert_eq!(*at, env.ctx.clock.now_ms());
            assert_eq!(
                *text,
                domain::claims::consent_text(domain::i18n::Locale::En, "Kopi Corner Sdn Bhd")
            );
        }
        // One of those who consented replies STOP: STOP wins over the consent.
        campaigns::set_consent(
            &env.ctx.db,
            0,
            &w.kopi.tenant_id,
            w.kopi.merchant_id().unwrap(),
            "+60173000000",
            domain::campaigns::ConsentWord::Stop,
        )
        .await
        .unwrap();
        let s = campaigns::settings(&env.ctx, &w.kopi).await.unwrap();
        let p = campaigns::preview(&env.ctx, &w.kopi, &s).await.unwrap();
        assert_eq!((p.reach, p.opted_out, p.no_consent), (5, 1, 2));
        let now = env.ctx.clock.now_ms() + 4 * HOUR_MS;
        env.clock.set(now);
        campaigns::run_due(&env.ctx, now).await.unwrap();
        dispatch_all(&env).await;
        let log = campaigns::runs(&env.ctx, &w.kopi, 10).await.unwrap();
        assert_eq!(
            (
                log[0].selected,
                log[0].queued,
                log[0].skipped_opted_out,
                log[0].skipped_no_consent
            ),
            (8, 5, 1, 2)
        );
        let reached: Vec<String> = sends(&env).await.into_iter().map(|r| r.phone).collect();
        assert_eq!(reached.len(), 5);
        assert!(
            reached
                .iter()
                .all(|p| p.starts_with("+6017") && p != "+60173000000"),
            "{reached:?}"
        );
    }
);
