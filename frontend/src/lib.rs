//! The browser entry point: hydrates the server-rendered page into the reactive app.

// The whole route tree's view types are nested deeply enough that computing their layout needs
// more than the default 128 query levels (CI's clean build failed on the overview page).
#![recursion_limit = "256"]

/// Called by the generated JavaScript once the wasm module has loaded.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
