//! The housekeeping job removes what expired, and a second run changes nothing.

use backend::clock::{DAY_MS, HOUR_MS};
use backend::on_both_engines;
use backend::testing::{DEMO_PASSWORD, TestEnv};
use domain::auth::Password;

on_both_engines!(
    housekeeping_purges_expired_sessions_once,
    |env: TestEnv| async move {
        backend::seed::demo(&env.ctx, &Password::parse(DEMO_PASSWORD).unwrap())
            .await
            .unwrap();
        let platform = backend::seed::ensure_platform(&env.ctx).await.unwrap();
        backend::auth::login(
            &env.ctx,
            &platform,
            "admin@coupons.test",
            DEMO_PASSWORD,
            "10.0.0.1",
        )
        .await
        .unwrap();
        let _ = backend::auth::login(
            &env.ctx,
            &platform,
            "admin@coupons.test",
            "wrong-password",
            "10.0.0.2",
        )
        .await;
        assert_eq!(
            worker::housekeeping(&env.ctx).await.unwrap(),
            worker::Housekeeping::default()
        );
        env.clock.advance(168 * HOUR_MS + DAY_MS);
        let first = worker::housekeeping(&env.ctx).await.unwrap();
        assert_eq!(first.sessions_purged, 1);
        assert!(first.rate_limits_purged >= 1);
        assert_eq!(
            worker::housekeeping(&env.ctx).await.unwrap(),
            worker::Housekeeping::default()
        );
    }
);
