use leptos::prelude::*;

use crate::api::session::get_session_info;
use crate::components::error_panel::ErrorPanel;
use crate::components::site_chrome::SiteChrome;

/// The public coupon center: each tenant's home page.
#[component]
pub fn CouponCenterPage() -> impl IntoView {
    let info = Resource::new(|| (), |_| get_session_info());
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match info.await {
                    Ok(info) => {
                        let brand = info.branding.brand_name.clone();
                        view! {
                            <SiteChrome info=info title="Coupon center".to_owned()>
                                <main class="coupon-center">
                                    <section class="hero">
                                        <h1>{format!("Coupons from {brand}")}</h1>
                                        <p>"Claim a coupon with your name, phone and birthday, and use it in store."</p>
                                    </section>
                                    <section class="listing" aria-labelledby="listing-h">
                                        <h2 id="listing-h">"Coupons"</h2>
                                        <p class="pending" data-testid="listing-pending">
                                            "No coupons are listed yet: searching, filtering and claiming coupons arrive with the coupon center feature (issue #5)."
                                        </p>
                                    </section>
                                    <aside class="ad-slot" aria-label="Advertisement space" data-testid="ad-slot">
                                        <p class="pending">"Advertisement space: ads arrive with the paid advertisements feature (issue #9)."</p>
                                    </aside>
                                </main>
                            </SiteChrome>
                        }
                        .into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
