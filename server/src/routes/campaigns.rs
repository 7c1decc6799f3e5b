//! Plain form posts of the campaigns page (`/dashboard/campaigns`), so every form works with
//! JavaScript off: the merchant's settings and festival choices, the Super Admin's festival
//! calendar. Saved or refused, each goes back to the page (a refusal carries its message).

use axum::Extension;
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use app::ssr::RequestUser;
use backend::campaigns;
use domain::campaigns::{FestivalChoice, SettingsForm};

use crate::AppState;
use crate::middleware::encode_component;
use crate::routes::pages::back_with_error;

const PAGE: &str = "/dashboard/campaigns";

fn back(state: &AppState, result: backend::Result<()>, what: &str, context: &str) -> Response {
    match result {
        Ok(()) => Redirect::to(&format!("{PAGE}?saved={}", encode_component(what))).into_response(),
        Err(e) => back_with_error(state, PAGE, &e.into_app(context)),
    }
}

fn login() -> Response {
    Redirect::to(&format!("/login?next={PAGE}")).into_response()
}

fn incomplete(state: &AppState) -> Response {
    back_with_error(
        state,
        PAGE,
        &domain::AppError::invalid("Form", "was incomplete"),
    )
}

/// `POST /dashboard/campaigns/settings`: the birthday and recall settings and quiet hours.
pub async fn save_settings(
    State(state): State<AppState>,
    Extension(RequestUser(user)): Extension<RequestUser>,
    form: Result<Form<SettingsForm>, FormRejection>,
) -> Response {
    let Some(who) = user else {
        return login();
    };
    let Ok(Form(f)) = form else {
        return incomplete(&state);
    };
    let result = match f.parse() {
        Ok(s) => campaigns::save_settings(&state.ctx, &who, &s).await,
        Err(e) => Err(e.into()),
    };
    back(
        &state,
        result,
        "Campaign settings",
        "save campaign settings",
    )
}

/// The festival choice form's fields.
#[derive(Debug, Deserialize)]
pub struct FestivalForm {
    pub festival_id: String,
    #[serde(default)]
    pub enabled: Option<String>,
    #[serde(default)]
    pub batch_id: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub days_before: String,
}

/// `POST /dashboard/campaigns/festival`: the merchant's choice for one festival.
pub async fn save_festival(
    State(state): State<AppState>,
    Extension(RequestUser(user)): Extension<RequestUser>,
    form: Result<Form<FestivalForm>, FormRejection>,
) -> Response {
    let Some(who) = user else {
        return login();
    };
    let Ok(Form(f)) = form else {
        return incomplete(&state);
    };
    let result = match domain::campaigns::parse_window_days("Days before", &f.days_before) {
        Ok(days_before) => {
            let choice = FestivalChoice {
                festival_id: f.festival_id,
                enabled: f.enabled.is_some(),
                batch_id: f.batch_id,
                text: f.text,
                days_before,
            };
            campaigns::save_festival(&state.ctx, &who, &choice).await
        }
        Err(e) => Err(e.into()),
    };
    back(
        &state,
        result,
        "Festival campaign",
        "save festival campaign",
    )
}

/// The add-a-festival form's fields.
#[derive(Debug, Deserialize)]
pub struct NewFestivalForm {
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub fixed: String,
}

/// `POST /dashboard/campaigns/festivals`: the Super Admin adds a festival to the calendar.
pub async fn add_festival(
    State(state): State<AppState>,
    Extension(RequestUser(user)): Extension<RequestUser>,
    form: Result<Form<NewFestivalForm>, FormRejection>,
) -> Response {
    let Some(who) = user else {
        return login();
    };
    let Ok(Form(f)) = form else {
        return incomplete(&state);
    };
    let result = campaigns::add_festival(&state.ctx, &who, &f.country, &f.name, &f.fixed)
        .await
        .map(|_| ());
    back(&state, result, "Festival", "add festival")
}

/// The festival date form's fields.
#[derive(Debug, Deserialize)]
pub struct FestivalDateForm {
    pub festival_id: String,
    #[serde(default)]
    pub date: String,
}

/// `POST /dashboard/campaigns/festival-date`: the Super Admin sets a festival's date in a year.
pub async fn set_festival_date(
    State(state): State<AppState>,
    Extension(RequestUser(user)): Extension<RequestUser>,
    form: Result<Form<FestivalDateForm>, FormRejection>,
) -> Response {
    let Some(who) = user else {
        return login();
    };
    let Ok(Form(f)) = form else {
        return incomplete(&state);
    };
    let result = campaigns::set_festival_date(&state.ctx, &who, &f.festival_id, &f.date).await;
    back(&state, result, "Festival date", "set festival date")
}
