//! The browser entry point: hydrates the server-rendered page into the reactive app.

// The app's route tree is one deep type; laying it out needs more than the default depth.
#![recursion_limit = "256"]

/// Called by the generated JavaScript once the wasm module has loaded.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
