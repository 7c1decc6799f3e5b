# English. Keys are named by area: common-, lang-, date-, month-, site-, center-, …
# Every key here exists in ms.ftl and zh-Hans.ftl too (domain/tests/i18n.rs checks it).

## Dates and numbers
date-format = { $day } { $month } { $year }
month-short-1 = Jan
month-short-2 = Feb
month-short-3 = Mar
month-short-4 = Apr
month-short-5 = May
month-short-6 = Jun
month-short-7 = Jul
month-short-8 = Aug
month-short-9 = Sep
month-short-10 = Oct
month-short-11 = Nov
month-short-12 = Dec

## The language switch
lang-switch = Language
lang-saved = Language changed.
lang-bad = Choose English, Bahasa Melayu or 中文.

## Site frame
site-dashboard = Dashboard
site-sign-up = Sign up
site-log-in = Log in
site-log-out = Log out
site-your-data = Your data
site-nav = Site
site-loading = Loading…

## Coupon center
center-left = { $count } left
center-get-coupon-for = Get Coupon: { $title }

## Common words (any page may use these)
common-save = Save
common-cancel = Cancel
common-delete = Delete
common-edit = Edit
common-yes = Yes
common-no = No
common-none = None
common-back = Back
common-previous = Previous
common-next = Next
common-search = Search
common-download = Download
common-close = Close
claim-get-coupon = Get Coupon

## Dashboard menu (section-<slug>)
section-overview = Overview
section-credits = Credits
section-ledger = Ledger
section-packages = Credit packages
section-coupons = Coupons
section-templates = Template library
section-lucky-draw = Lucky draw
section-whatsapp = WhatsApp
section-campaigns = Campaigns
section-customers = Customers
section-merchants = Merchants
section-agents = Agents
section-pricing = Pricing
section-payment-settings = Payment settings
section-agent-wallet = Agent wallet
section-site = Site & domains
section-ads = Ads
section-ad-approvals = Ad approvals
section-statements = Statements
section-support = Support inbox
section-staff = Staff

## Balances (credit-remaining-<type>); the first three are the requirement's exact labels
credit-remaining-coupon = Coupon Credits Remaining
credit-remaining-wa_ui = WhatsApp UI Credits Remaining
credit-remaining-wa_bi = WhatsApp BI Credits Remaining
credit-remaining-money = Wallet Balance

## Coupon categories (category-<code>)
category-restaurant = Restaurant
category-cafe = Café & drinks
category-clothing = Clothing & fashion
category-beauty = Beauty & wellness
category-groceries = Groceries
category-electronics = Electronics
category-entertainment = Entertainment
category-travel = Travel & hotels
category-services = Services
category-other = Other

## Coupon center order (sort-<name>)
sort-popular = Most popular
sort-expiring = Expiring soon
sort-newest = Newest

## Where a claim came from (source-<name>)
source-homepage = Homepage
source-in_store = In store
source-lucky_draw = Lucky draw
source-birthday = Birthday campaign
source-recall = Recall campaign
source-festival = Festival campaign

## Statements (PDF)
statement-page-of = Page { $n } of { $total }
statement-no-lines = No lines.

## Claim form (server side)
claim-form-incomplete = The form was incomplete.

## Coupon PDFs
coupon-pdf-valid = Valid { $from } to { $until }
coupon-pdf-redeem-hint = Show this code to redeem

# public-a: coupon center, claim page, claimed coupon, store page, poster, proof page, Share.

## Coupon center
center-title = Coupon center
center-hero = Coupons from { $brand }
center-intro = Get a coupon with your name, phone and birthday, and use it in store.
center-ad = Advertisement
center-coupons = Coupons
center-country = Country
center-city = City / region
center-category = Category
center-sort = Sort
center-any-country = Any country
center-any-city = Any city
center-any-category = Any category
center-search-hint = Merchant or offer
center-show = Show coupons
center-none = No coupons match. Try fewer filters.
center-pages = Pages
center-where = Where
center-valid-until = Valid until
center-left-label = Left

## Claim page and claimed coupon
claim-unavailable-title = Coupon not available
claim-unavailable = This coupon cannot be claimed any more: it has ended or all were taken.
claim-see-others = See the other coupons
claim-welcome-back = Welcome back: your details are filled in. Check them and get your coupon.
# Around the masked name (shown in bold between the two).
claim-known-as = This number is known as{" "}
claim-known-as-after = {"."} If it is yours, open the link in this store's WhatsApp message on this device to have your details filled in here. Or enter your name and birthday: they stay with this coupon only.
claim-new-here = New here? Enter your name and birthday.
claim-valid-left = Valid until { $date } · { $count } left
claim-phone = Phone
claim-look-up = Look up
claim-name = Name
claim-birthday = Birthday
# STOP is the reply keyword the system recognises: keep it as is.
claim-consent = Send me offers from { $merchant } by WhatsApp: birthday, come-back and festival coupons. Reply STOP at any time to stop them.
claim-whatsapp-hint = Your coupon itself comes by WhatsApp when this store sends coupons that way.
claim-more-from = More from { $merchant }
claim-whatsapp-off = This merchant does not send coupons by WhatsApp: keep this page or note the serial.
claim-whatsapp-queued = Your coupon is on its way to you by WhatsApp.
claim-whatsapp-not-sent = Not sent by WhatsApp ({ $reason }): keep this page or note the serial.
claim-spin-wheel = Spin the lucky-draw wheel
claim-your-coupon = Your coupon
claim-serial = Serial
claim-offer = Offer
claim-show-qr = Show this QR code at the counter to use your coupon.
claim-more-coupons = More coupons
claim-qr-label = Coupon QR code

## Store page and poster
store-title = Store
store-pitch = { $count } coupon(s) here, such as { $title }
store-lead = Coupons you can get here in store.
store-none = No coupons right now. Ask at the counter.
store-qr-label = Store QR code
poster-title = Store poster
poster-call = Scan to get your coupon
poster-open-store = Open the store page
poster-print = {" "}· Print this page (Ctrl+P) to put it up.

## Proof page (the link in the coupon's WhatsApp message)
proof-error-used = This link was already used on another device.
proof-error-expired = This link has expired.
proof-error-failed = This device could not be remembered. Please try again.
proof-remembered = This device is remembered: the claim form fills in your details here.{" "}
proof-see-data = See what the stores hold about you
proof-ask = Is this your phone or a device you use? Remember it, and the claim form fills in your name and birthday on it next time.
proof-remember = Remember this device
proof-used = This link already remembered a device. Your coupon still works.
proof-expired = This link can no longer remember a device. Your coupon still works.

## Share button
share-button = Share
share-copied = Link copied.
share-copy = Copy this link:

# public-b: wheel, verify, my data, not found, login, sign up, dashboard frame (English).

## Lucky-draw wheel
wheel-title = Lucky draw
wheel-none = This store has no lucky-draw wheel right now.
wheel-none-left = none left
wheel-odds-line = { $label }: { $odds }
wheel-lead-claim-or-store = Spin after getting a coupon or from the store link, { $count } time(s) a day. The prize is drawn when you press Spin.
wheel-lead-claim = Spin after getting one of this store's coupons, { $count } time(s) a day. The prize is drawn when you press Spin.
wheel-lead-store = Spin from the store link, { $count } time(s) a day. The prize is drawn when you press Spin.
wheel-heading = { $merchant } lucky draw
wheel-aria = Prize wheel with { $count } segments
wheel-spin = Spin
wheel-needs-js = Spinning the wheel needs JavaScript.
wheel-odds = Odds
wheel-won = You won: { $label }
wheel-stopped = The wheel stopped on: { $label }

## Coupon check (QR link)
verify-title = Coupon
verify-genuine = Genuine coupon
verify-not-genuine = Not a genuine coupon
verify-issued = Coupon { $serial } was issued through this site.
verify-merchants-before = Merchants:{" "}
verify-log-in = log in
verify-merchants-after = {" "}to redeem it.
verify-altered = This code was not issued by this site or has been altered.
verify-claimed = Claimed { $when }
verify-serial = Serial
verify-valid-until = Valid until
verify-customer = Customer
verify-redeem = Redeem
verify-cannot-redeem = Cannot redeem

## Your data
mydata-unproven = This device has not shown that it holds your phone. Open the link in the WhatsApp message that brought your coupon, press "Remember this device", and your data shows here.
mydata-never-shown = We never show what a store holds about a phone number to someone who only typed it.
mydata-lead = What the stores on this site hold about you. Ask a store to delete it and they erase it from their dashboard; your coupons' records stay without your name or number.
mydata-details = Your details
mydata-name = Name
mydata-phone = Phone
mydata-birthday = Birthday
mydata-first-coupon = First coupon
mydata-save = Save corrections
mydata-forget-hint = On a shared or borrowed device? Forget it: the claim form stops filling in your details here.
mydata-forget = Forget this device
mydata-stop-offers = Stop offers from { $merchant }
mydata-agreed = On { $date } you agreed: “{ $text }”
mydata-withdrawn = You stopped offers on { $date }. Only the coupons you ask for are sent.
mydata-consent-none = You have not agreed to offers from this store. Only the coupons you ask for are sent.
mydata-stopped = You replied STOP to this store's messages: it sends you no offers.
mydata-status-available = available
mydata-status-taken = taken
mydata-status-redeemed = redeemed
mydata-status-expired = expired
mydata-claim-line = { $serial } · claimed { $date } · { $status }
mydata-messages = WhatsApp messages sent to you: { $count }

## Page not found
notfound-title = Page not found
notfound-text = There is nothing at this address.
notfound-home = Go to the home page

## Log in
login-invalid = The email or password is not correct.
login-input = Enter a valid email address and your password.
login-disabled = This account is disabled. Contact your administrator.
login-throttled = Too many attempts. Try again in { $seconds } seconds.
login-few-hundred = a few hundred
login-expired = Your session has ended. Please log in again.
login-failed = Something went wrong on our side. Please try again.
login-heading = Log in to { $brand }
login-signed-in-as = You are logged in as { $name }.
login-open-dashboard = Open your dashboard
login-logged-out = You have logged out.
login-email = Email
login-password = Password

## Sign up
signup-annual-fee = Annual merchant: { $fee } a year, every feature.
signup-annual = Annual merchant: yearly fee, every feature.
signup-temporary = Temporary merchant: no annual fee, buy WhatsApp packages as you go.
signup-heading = Sign up your business on { $brand }
signup-membership = Membership
signup-company = Company name
signup-country = Country (two letters)
signup-city = City
signup-your-name = Your name
signup-email = Email
signup-password = Password (at least 10 characters)
signup-already = Already signed up?

## Dashboard frame
frame-not-available = Not available yet
frame-soon = soon
frame-unread = Unread conversations

# English. The errors area (error-, invalid-, field-, role-): AppError, ClaimThrottle,
# the error panel and role labels.

## Errors the server sends (AppError; error-<variant>)
error-not-logged-in = Please log in to continue.
error-forbidden = Your account does not have access to this page.
error-not-found = Not found.
error-invalid-credentials = The email or password is not correct.
error-account-disabled = This account is disabled. Contact your administrator.
error-rate-limited = Too many attempts. Try again in { $seconds } seconds.
error-insufficient-credits = Not enough credits: { $balance } available, { $requested } needed.
error-hold-resolved = This hold was already { $status }.
error-hold-status-captured = captured
error-hold-status-released = released
error-idempotency-conflict = This request was already made with different details.
error-bad-signature = The payment notification's signature is not valid.
error-proof-used = This link was already used on another device. Open the link in your newest WhatsApp message from the store, or claim again on this device.
error-proof-expired = This link has expired. Your coupon still works; the next coupon's message brings a new link.
error-sign-up-not-completed = We could not create an account with these details. If you already have an account with this email here, log in with its password instead.
error-wrong-currency = This is priced in { $currency }, but this site takes payments in { $expected }.
error-message-in-flight = A WhatsApp message to this customer is still being sent. Try again in a minute, when it has gone out.
error-bad-whatsapp-signature = The WhatsApp notification's signature is not valid.
# A field's name, then what is wrong with it (field-* and invalid-* below)
error-invalid-input = { $field }: { $message }
error-unknown-coupon = No coupon has the serial { $serial }.
error-forged-coupon = This coupon code is not genuine: its signature does not match.
error-coupon-not-taken = Coupon { $serial } has not been taken by a customer yet.
error-coupon-already-redeemed = Coupon { $serial } was already redeemed at { $when }.
error-coupon-expired = Coupon { $serial } expired at { $when }.
error-coupon-of-another-merchant = Coupon { $serial } belongs to another merchant.
error-membership-inactive = Your membership is { $state }: renew or complete it to create new batches and campaigns.
# The membership states MembershipInactive names (error-membership-state-<state>)
error-membership-state-pending-payment = pending payment
error-membership-state-pending-agent-top-up = pending agent top-up
error-membership-state-active = active
error-membership-state-expired = expired
error-stripe-keys-rejected = Stripe did not accept these keys: { $reason }
error-payments-not-connected = Card payments are not set up on this site yet. Please contact the site's owner.
error-domain-taken = This domain is already in use by another site.
error-batch-exhausted = Sorry, this offer is gone: all its coupons have been claimed.
error-batch-not-started = This offer starts on { $date }.
error-batch-ended = This offer ended on { $date }.
error-claim-limit-reached = This phone number already has { $limit } coupon(s) of this offer, the most allowed.
error-spin-not-allowed = Get one of this store's coupons first, then you can spin the wheel.
error-spin-limit-reached = You have used today's { $count } spin(s). Come back tomorrow!
error-forged-beacon = This ad link is not genuine.
error-internal = Something went wrong on our side. Please try again.
error-transport = The server could not be reached. Please try again.

## The claim form's limits (ClaimThrottle)
error-wait-seconds = { $count } seconds
error-wait-minutes = about { $count } minutes
error-throttle-phone = This phone number has claimed many coupons in the last hour. Please try again in { $wait }.
error-throttle-device = This device has made many claims in the last hour. Anyone claiming for themselves can use their own phone; otherwise please try again in { $wait }.
error-throttle-address = Many coupons were just claimed from your network. Please try again in { $wait }, or switch to mobile data.
error-throttle-batch = This offer is very busy right now. Please try again in { $wait }.

## The error panel's headings
error-heading-log-in = Please log in
error-heading-forbidden = Not allowed
error-heading-not-found = Not found
error-heading-slow-down = Slow down
error-heading-failed = Something went wrong

## Form field names (field-<slug of the English name>)
field-quantity = Quantity
field-page = Page
field-email = Email
field-password = Password
field-name = Name
field-birthday = Birthday
field-phone-number = Phone number
field-date = Date
field-trigger = Trigger
field-channel = channel
field-side = side
field-coupon-status = Coupon status
field-whatsapp-status = WhatsApp status
field-days-before = Days before
field-days-after = Days after
field-birthday-batch = Birthday batch
field-birthday-message = Birthday message
field-inactive-days = Inactive days
field-recall-batch = Recall batch
field-recall-message = Recall message
field-festival-batch = Festival batch
field-festival-message = Festival message
field-quiet-hours = Quiet hours
field-quiet-hours-start = Quiet hours start
field-quiet-hours-end = Quiet hours end
field-prizes = Prizes
field-spins-per-day = Spins per day
field-slug = Slug
field-colour = Colour
field-serial = Serial
field-title = Title
field-offer-details = Offer details
field-terms = Terms
field-category = Category
field-country = Country
field-city-region = City/region
field-business-type = Business type
field-claim-limit-per-customer = Claim limit per customer
field-valid-from = Valid from
field-valid-until = Valid until
field-template = Template
field-amount = Amount
field-form = Form

## What is wrong with a field (invalid-<slug of the English text, 60 chars at most>)
invalid-must-be-at-least-1 = must be at least 1
invalid-is-larger-than-1-000-000-000-000 = is larger than 1,000,000,000,000
invalid-must-be-a-whole-number = must be a whole number
invalid-is-not-a-ledger-position = is not a ledger position
invalid-enter-your-email-address = enter your email address
invalid-is-longer-than-254-characters = is longer than 254 characters
invalid-must-contain-an = must contain an @
invalid-is-not-a-valid-address = is not a valid address
invalid-must-not-contain-spaces = must not contain spaces
invalid-enter-your-password = enter your password
invalid-is-longer-than-256-characters = is longer than 256 characters
invalid-must-be-at-least-10-characters = must be at least 10 characters
invalid-is-required = is required
invalid-may-not-hold-control-characters = may not hold control characters
invalid-may-not-be-in-the-future = may not be in the future
invalid-is-not-a-valid-phone-number-include-the-country-code-if-it-i = is not a valid phone number; include the country code if it is from abroad, e.g. +60 12 345 6789
invalid-may-hold-only-digits-spaces-dashes-and-a-leading = may hold only digits, spaces, dashes and a leading +
invalid-must-be-in-international-form-with-its-country-code-e-g-60-1 = must be in international form with its country code, e.g. +60 12 345 6789
invalid-is-not-a-day-of-the-year = is not a day of the year
invalid-must-look-like-1990-04-23 = must look like 1990-04-23
invalid-must-be-a-time-like-21-00 = must be a time like 21:00
invalid-is-required-to-turn-the-campaign-on = is required to turn the campaign on
invalid-choose-a-coupon-batch = choose a coupon batch
invalid-must-be-times-of-the-day = must be times of the day
invalid-at-least-one-segment-must-give-a-coupon = at least one segment must give a coupon
invalid-must-be-3-to-40-characters = must be 3 to 40 characters
invalid-may-contain-only-a-z-0-9-and = may contain only a-z, 0-9 and -
invalid-must-not-start-or-end-with = must not start or end with -
invalid-must-start-with = must start with #
invalid-must-be-hexadecimal-like-1a7f5a = must be hexadecimal, like #1a7f5a
invalid-must-be-rgb-or-rrggbb = must be #rgb or #rrggbb
invalid-enter-the-coupon-s-serial = enter the coupon's serial
invalid-does-not-add-up-a-character-was-mistyped-or-two-were-swapped = does not add up: a character was mistyped or two were swapped
invalid-contains-control-characters = contains control characters
invalid-must-be-a-date-like-2026-12-31 = must be a date like 2026-12-31
invalid-q-is-not-a-date-like-n-n-n = { $q1 } is not a date like { $n1 }-{ $n2 }-{ $n3 }
invalid-q-is-not-a-time-zone = { $q1 } is not a time zone
invalid-n-n-is-not-over-yet = { $n1 }-{ $n2 } is not over yet
invalid-unknown-trigger-q = unknown trigger { $q1 }
invalid-unknown-channel-q = unknown channel { $q1 }
invalid-unknown-side-q = unknown side { $q1 }
invalid-unknown-status-q = unknown status { $q1 }
invalid-choose-one-of-the-listed-categories = choose one of the listed categories
invalid-must-be-a-two-letter-country-code-like-my = must be a two-letter country code like MY
invalid-is-in-the-past = is in the past
invalid-is-before-the-first-valid-day = is before the first valid day
invalid-is-more-than-two-years-after-the-first-valid-day = is more than two years after the first valid day
invalid-choose-a-template-or-upload-your-own = choose a template or upload your own
invalid-is-not-a-template-of-this-site = is not a template of this site
invalid-was-incomplete = was incomplete
invalid-is-out-of-date-reload-the-page-and-try-again = is out of date; reload the page and try again

## Role labels (role-*) and staff permissions (role-permission-*)
role-super-admin = Super Admin
role-platform-staff = Platform staff ({ $permissions })
role-agent = Agent
role-agent-staff = Agent staff ({ $permissions })
role-annual-merchant = Annual merchant
role-temporary-merchant = Temporary merchant
role-no-permissions = no permissions
role-permission-super-admin = Super Admin
role-permission-support = Support
role-permission-ad-approver = Ad Approver
role-permission-finance-viewer = Finance Viewer

# dash-a: dashboard overview, merchants, agents, staff, site & domains, section pages.

## Overview (/dashboard)
overview-welcome = Welcome, { $name }
overview-signed-in-as = You are signed in as { $role }.
overview-use-menu = Use the menu to open the sections your role may use.
overview-waiting = { $count } paid item(s) of your merchants wait for your wallet top-up ({ $cost } of platform costs).
overview-top-up = Top up your wallet
overview-count-merchants = Merchants
overview-count-active-merchants = Active merchants
overview-count-staff = Staff accounts
overview-count-agents = Agents
overview-membership = Membership:
overview-state-pending-payment = Pending payment
overview-state-pending-top-up = Pending agent top-up
overview-state-active = Active
overview-state-expired = Expired
overview-membership-pending-payment = Pay the annual fee to start creating coupon batches and campaigns.
overview-membership-pending-top-up = Your payment was received. Your membership starts as soon as your site's owner completes it; nothing more is needed from you.
overview-membership-active = Your membership is active.
overview-membership-pay-as-you-go = You buy WhatsApp packages as you go; there is no annual fee.
overview-membership-expired = Your membership has expired: renew it to create new batches and campaigns. Nothing you made is lost.
overview-renews-on = Renews on { $date }
overview-pay-annual-fee = Pay annual fee
overview-renew = Renew membership
overview-renew-early = Renew early
overview-site-language = Site language
overview-site-language-hint = For visitors who have not chosen a language and whose browser asks for none of these.
overview-site-language-save = Save language
overview-site-language-saved = Site language saved.

## Merchants (/dashboard/merchants, /dashboard/merchants/<id>)
merchants-none = No merchants yet.
merchants-company = Company
merchants-type = Type
merchants-status = Status
merchants-location = Location
merchants-joined = Joined
merchants-kind-annual = Annual
merchants-kind-temporary = Temporary
merchants-status-pending-payment = pending payment
merchants-status-pending-agent-topup = pending agent topup
merchants-status-active = active
merchants-status-expired = expired
merchant-back = ← Merchants
merchant-logins = Logins

## Agents (/dashboard/agents, /dashboard/agents/<id>)
agents-none = No agents yet.
agents-brand = Brand
agents-company = Company
agents-merchants = Merchants
agents-domains = Custom domains
agent-back = ← Agents
agent-subdomain = Subdomain

## Staff (/dashboard/staff)
staff-lead = Permission changes apply on the staff member's next click; disabling logs them out.
staff-name = Name
staff-email = Email
staff-permissions = Permissions
staff-state = State
staff-add = Add staff
staff-password = First password (at least 10 characters)
staff-enable = Enable
staff-disable = Disable
staff-active = Active
staff-disabled = Disabled
staff-perm-super-admin = Super Admin
staff-perm-support = Support
staff-perm-ad-approver = Ad Approver
staff-perm-finance-viewer = Finance Viewer

## Site & domains (/dashboard/site)
sitecfg-verified = Verified: serving your site
sitecfg-waiting = Waiting for the DNS record
sitecfg-proof-help = Create this TXT record at your DNS provider, then press Verify (we also check every few minutes):
sitecfg-record-name = Name
sitecfg-record-value = Value
sitecfg-last-checked = Last checked { $time }
sitecfg-verify = Verify
sitecfg-remove = Remove
sitecfg-not-found = The TXT record was not found yet. DNS changes can take a while to appear; try again later.
sitecfg-brand-name = Brand name
sitecfg-company-name = Company name
sitecfg-colours = Colours
sitecfg-hosts = Your site answers on
sitecfg-domains = Custom domains
sitecfg-no-domains = No custom domains yet.
sitecfg-domain = Domain
sitecfg-add-domain = Add domain
sitecfg-point-help = Point the domain at this platform (a CNAME to your subdomain) and create the TXT record shown; until it is verified the domain serves nothing of yours.

## Section pages (/dashboard/<section>)
section-page-open = Open { $section }
section-page-pending = { $section } is not available yet. It arrives with issue #{ $issue }; nothing here is live until then.

# dash-b: credits, credit packages, pricing, payment settings, agent wallet, sandbox checkout,
# ledger, statements.

## Credits (/dashboard/credits)
credits-held = { $count } held for queued messages
credits-buy = Buy
credits-status-paid = Paid
credits-status-awaiting = Awaiting payment
credits-paid-notice = Payment received. Your credits have been added.
credits-buy-title = Buy credits
credits-no-packages = No credit packages are on sale right now.
credits-col-package = Package
credits-col-credits = Credits
credits-col-amount = Amount
credits-col-price = Price
credits-purchases = Your purchases
credits-no-purchases = No purchases yet.
credits-col-date = Date
credits-col-paid = Paid
credits-col-status = Status
# A credit type's short name in tables and menus
credits-type-coupon = Coupon
credits-type-wa-ui = WhatsApp UI
credits-type-wa-bi = WhatsApp BI
credits-type-money = Money

## Credit packages (/dashboard/packages)
packages-on-sale = On sale
packages-off = Off
packages-turn-off = Turn off
packages-turn-on = Turn on
packages-name = Name
packages-credit-type = Credit type
packages-credits = Credits
packages-price = Price
packages-state = State
packages-new = New package
packages-price-cents = Price in cents
packages-currency = Currency
packages-create = Create package

## Pricing (/dashboard/pricing)
pricing-title = Pricing ({ $currency })
pricing-fee = Fee
pricing-price-cents-for = { $item } price in cents
pricing-cost-cents-for = { $item } platform cost in cents
pricing-package-credits = { $credits } { $kind } credits
pricing-package-temporary = , temporary merchants
pricing-package-off = {" "}(off sale)
pricing-set-fee = Set a fee
pricing-item = Item
pricing-currency = Currency
pricing-price-cents = Price in cents
pricing-cost-cents = Platform cost in cents
pricing-set-price = Set price
pricing-show-currency = Show currency{" "}
pricing-show = Show
pricing-intro-admin = Prices merchants pay, and the platform cost charged to an agent's wallet when one of its merchants buys the item. Agents see this sheet read-only.
pricing-intro-agent = The platform sets these prices. When one of your merchants buys an item, the platform cost is deducted from your wallet and the rest is your profit.
pricing-what = What
pricing-price = Price
pricing-platform-cost = Platform cost
pricing-agent-profit = Agent profit
pricing-change-cents = Change (cents)
# The price sheet's items
pricing-item-annual-fee = Annual merchant fee
pricing-item-ad-7-days = Ad, 7 days
pricing-item-ad-14-days = Ad, 14 days
pricing-item-ad-30-days = Ad, 30 days

## Payment settings (/dashboard/payment-settings)
payset-sandbox-note = This platform runs the sandbox checkout: no real money moves anywhere, and your keys are not used until it takes real payments.
payset-card-payments = Your merchants pay by card through your Stripe account.
payset-add-webhook-secret = Add the webhook signing secret: until then your site cannot take payments, and your merchants are told so.
payset-mode = Mode
payset-mode-test = test
payset-mode-live = live
payset-publishable-key = Publishable key
payset-secret-key = Secret key
payset-webhook-secret = Webhook secret
payset-not-set = not set
payset-checked = Checked with Stripe
payset-no-keys-sandbox = No keys yet. This platform runs the sandbox checkout: your merchants pay there, and no money moves. Connect your Stripe account now so your site can take payments once the platform takes real ones.
payset-no-keys = Your site cannot take payments yet: your merchants cannot buy credits or pay their annual fee. Connect your Stripe account (secret key and webhook signing secret) below.
payset-webhook-title = Stripe webhook
# Around the event name checkout.session.completed
payset-webhook-before = In Stripe's dashboard, add an endpoint for the event{" "}
payset-webhook-after = {" "}at:
payset-connect = Connect Stripe
payset-webhook-secret-optional = Webhook signing secret (optional)
payset-check-save = Check and save
payset-keys-note = The keys are checked with Stripe before they are saved. The secret key and webhook secret are encrypted at rest and never shown again in full.

## Agent wallet (/dashboard/agent-wallet)
wallet-waiting = { $count } paid item(s) of your merchants wait for your top-up: { $costs } of platform costs. They complete automatically, oldest first, as soon as your wallet covers them.
wallet-top-up-title = Top up
wallet-amount = Amount ({ $currency })
wallet-top-up-button = Top up wallet
wallet-received = Top-up received.
wallet-balance = Wallet balance
wallet-annual-fee-income = Annual fee income
wallet-package-income = Package income
wallet-ad-income = Ad income
wallet-costs-deducted = Platform costs deducted
wallet-profit = Profit
wallet-your-merchants = Your merchants
wallet-col-merchant = Merchant
wallet-col-kind = Kind
wallet-col-state = State
wallet-col-renews = Renews
wallet-kind-annual = Annual merchant
wallet-kind-temporary = Temporary merchant
wallet-state-pending-payment = Pending payment
wallet-state-pending-top-up = Pending agent top-up
wallet-state-active = Active
wallet-state-expired = Expired

## Sandbox checkout (/checkout/sandbox/<id>)
checkout-title = Checkout
checkout-complete = This payment is complete.
checkout-for = { $what } for { $amount }.
checkout-pay = Pay { $amount }
checkout-sandbox-banner = SANDBOX: no real money moves. The payment completes through the same webhook code as a real one.
checkout-what-ad = Advertisement
checkout-what-top-up = Agent wallet top-up
checkout-what-package = { $credits } { $type ->
        [coupon] Coupon
        [wa_ui] WhatsApp UI
        [wa_bi] WhatsApp BI
       *[money] Money
    } credits
checkout-back-ads = Back to your ads
checkout-back-credits = Back to your credits
checkout-back-dashboard = Back to your dashboard
checkout-back-wallet = Back to your wallet

## Ledger (/dashboard/ledger)
ledger-download-csv = Download CSV
ledger-col-date = Date
ledger-col-owner = Owner
ledger-col-description = Description
ledger-credit-type = Credit type
ledger-action = Action
ledger-col-amount = Amount
ledger-col-balance = Balance
ledger-col-related = Related
ledger-older = Older lines →
ledger-all = All
ledger-from = From
ledger-until = Until
ledger-filter = Filter
ledger-adjust-title = Adjust a merchant's credits
ledger-merchant = Merchant
ledger-adjust-amount = Amount (negative to take away)
ledger-adjust-amount-hint = 50 or -20
ledger-reason = Reason
ledger-post = Post adjustment
# Ledger actions (the requirement's names)
ledger-action-purchase = purchase
ledger-action-deduct = deduct
ledger-action-refund = refund
ledger-action-adjustment = adjustment
# What a ledger line is about
ledger-related-coupon-batch = coupon batch
ledger-related-coupon = coupon
ledger-related-message = message
ledger-related-ad = ad
ledger-related-payment = payment
ledger-related-hold = hold
ledger-related-none = none

# Ledger lines: posted once with these words, shown in each reader's language.
ledger-adjustment = Adjustment: { $reason }
ledger-ad-own-cost = Platform cost of your own ad "{ $title }"
ledger-ad-cost-returned = Platform cost returned: ad "{ $title }" was rejected
ledger-top-up = Wallet top-up of { $amount }
ledger-merchant-cost = Platform cost of a merchant's { $what ->
        [annual_fee] annual fee
        [package] package
       *[ad] ad
    }
ledger-bought = Bought { $credits } { $type ->
        [coupon] Coupon
        [wa_ui] WhatsApp UI
        [wa_bi] WhatsApp BI
       *[money] Money
    } credits
ledger-batch = Coupon batch “{ $title }”: { $count } coupons
ledger-expiry-refund = Expired, never taken: { $count } coupons of “{ $title }”
ledger-demo-credits = Demo coupon credits
ledger-wa-accepted = WhatsApp { $class ->
        [ui] UI
       *[bi] BI
    } message accepted

## Statements (/dashboard/statements)
statements-empty = No statements yet. Each month's statement is made on the 1st of the next month.
statements-month = Month
statements-col-of = Statement of
statements-col-company = Company
statements-col-generated = Generated (UTC)
statements-col-pdf = PDF
statements-regenerated = { $count } statements regenerated.
statements-owner-platform = Platform
statements-owner-agent = Agent
statements-owner-merchant = Merchant
statements-download-pdf = Download PDF
statements-regenerate-title = Regenerate a month
statements-regenerate-button = Regenerate every statement of this month

# dash-c: dashboard coupons, batches, redeem, template library, lucky draw, customers.

## Coupons list (/dashboard/coupons)
coupons-no-batches = No batches yet.
coupons-balance = { $count } coupon credits available.
coupons-new-batch = New batch
coupons-store-page = Store page
coupons-store-poster = Store poster
coupons-back = ← Coupons
coupons-col-batch = Batch
coupons-col-coupons = Coupons
coupons-col-valid = Valid
coupons-col-taken = Taken
coupons-col-redeemed = Redeemed
coupons-col-available = Available
coupons-pdf-queued = Queued
coupons-pdf-making = Making… { $done } of { $quantity }
coupons-pdf-ready = Ready
coupons-pdf-failed = Failed

## New batch (/dashboard/coupons/new)
batch-new-title = New coupon batch
batch-new-lead = Each coupon costs 1 coupon credit, deducted when the batch is made. You have { $count }.
batch-title = Title
batch-title-hint = 20% off any drink
batch-offer-details = Offer details
batch-terms = Terms
batch-category = Category
batch-business-type = Business type
batch-business-type-hint = Coffee shop
batch-country = Country
batch-city = City / region
batch-quantity = Quantity
batch-claim-limit = Per-customer limit
batch-valid-from = Valid from
batch-valid-until = Valid until (last day)
batch-send-whatsapp = Send coupons by WhatsApp when claimed
batch-show-in-center = Show in the coupon center
batch-template = Template
batch-upload-own = …or upload your own design (PNG, JPEG or WebP, up to 8 MB)
batch-template-name = Name for your design
batch-generate = Generate batch

## One batch (/dashboard/coupons/<id>)
batch-page-title = Coupon batch
batch-download-pdf = Download PDF
batch-pdf-making = Making the PDF… { $done } of { $quantity }
batch-pdf-failed = Making the PDF failed.
batch-try-again = Try again
batch-more = The first 50 coupons are shown; the CSV has them all.
batch-refunded = { $count } never-taken coupons were refunded at expiry.
batch-where = Where
batch-wa-on = Sent when claimed
batch-wa-off = Off
batch-in-center = Coupon center
batch-shown = Shown
batch-hidden = Hidden
batch-per-customer = Per customer
batch-stat-generated = Generated
batch-stat-expired = Expired
batch-stat-wa-sent = WhatsApp sent
batch-stat-wa-failed = WhatsApp failed
batch-download-csv = Download CSV
batch-col-serial = Serial
batch-col-status = Status
batch-col-customer = Customer
batch-status-available = Generated/Available
batch-status-taken = Taken/Claimed
batch-status-redeemed = Redeemed
batch-status-expired = Expired (not taken)
batch-wa-queued = queued
batch-wa-sent = sent
batch-wa-delivered = delivered
batch-wa-read = read
batch-wa-failed = failed

## Redeem (/dashboard/redeem)
redeem-title = Redeem a coupon
redeem-lead = Type the serial printed under the QR code, or scan the QR code with this phone while logged in.
redeem-serial = Serial
redeem-button = Redeem
redeem-done = Redeemed { $serial } ({ $title }) at { $when }.

## Template library (/dashboard/templates)
templates-lead = Enabled templates are offered to every merchant when they create a batch. Disabling one keeps existing batches working.
templates-upload-heading = Upload a template
templates-name = Name
templates-category = Category
templates-category-hint = Food & drink
templates-image = Image (PNG, JPEG or WebP, up to 8 MB)
templates-upload = Upload
templates-enabled = Enabled
templates-disabled = Disabled
templates-enable = Enable
templates-disable = Disable

## Lucky draw (/dashboard/lucky-draw)
luckydraw-prize-option = { $title } ({ $count } left)
luckydraw-segment-label = Segment { $n } label
luckydraw-segment-weight = Segment { $n } weight
luckydraw-segment-prize = Segment { $n } prize
luckydraw-segment-stock = Segment { $n } stock
luckydraw-no-prize = No prize
luckydraw-saved = Wheel saved.
luckydraw-poster = Printable store poster
luckydraw-wheel-link = Your wheel as customers see it
luckydraw-help = 2 to 12 segments. A segment's chance is its weight over the weights of the segments that can still be won. A prize segment gives one coupon of its batch, up to its stock; leave a row's label and weight empty to drop it.
luckydraw-col-label = Label
luckydraw-col-weight = Weight
luckydraw-col-prize = Prize
luckydraw-col-stock = Stock
luckydraw-col-given = Given
luckydraw-col-odds = Odds now
luckydraw-who = Who may spin
luckydraw-wheel-on = Wheel on
luckydraw-after-claim = After getting one of my coupons
luckydraw-from-store = From my store link
luckydraw-spins-per-day = Spins per customer per day
luckydraw-save = Save wheel

## Customers (/dashboard/customers)
customers-erased-all = Erased. { $claims } coupon records kept without name or number; { $messages } WhatsApp messages cleared. They had no other coupons here, so their details are gone from the site.
customers-erased-some = Erased. { $claims } coupon records kept without name or number; { $messages } WhatsApp messages cleared. Other stores on this site keep what they hold until asked.
customers-empty = No customer matches. Customers appear here after they claim one of your coupons.
customers-lead = Everyone who claimed your coupons. A customer may ask you what you hold about them (show them this row) or to delete it: erasing keeps your coupon and credit records but replaces their name and number with “Erased customer” and clears the messages' text.
customers-search-label = Name or phone
customers-find = Find
customers-col-name = Name
customers-col-phone = Phone
customers-col-birthday = Birthday
customers-col-coupons = Coupons
customers-col-last-claim = Last claim
customers-col-offers = Offers
customers-agreed = Agreed
customers-they-asked = They asked
customers-erase = Erase personal data

# dash-d (English): campaigns-, whatsapp-, ads-, adapprove-, support-

## Campaigns (/dashboard/campaigns)
campaigns-saved-settings = Campaign settings saved.
campaigns-saved-festival-campaign = Festival campaign saved.
campaigns-saved-festival = Festival saved.
campaigns-saved-festival-date = Festival date saved.
campaigns-saved = { $what } saved.
campaigns-run-log = Run log
campaigns-shortfall = Not enough WhatsApp BI credits: { $count } more needed to reach everyone in the next 30 days.
campaigns-preview-draft = Cost preview of these settings (not saved yet)
campaigns-preview-saved = Cost preview of your saved settings
campaigns-preview-label = Cost preview
campaigns-reach = customers reached in the next 30 days
campaigns-credits-needed = BI credits needed
campaigns-opted-out = opted out (never messaged)
campaigns-no-consent = no consent to offers (never messaged)
campaigns-choose-batch = Choose a batch
campaigns-birthday = Birthday
campaigns-birthday-on = Birthday campaign on
campaigns-days-before-birthday = Days before the birthday
campaigns-days-after-birthday = Days after the birthday
campaigns-birthday-batch = Birthday coupon batch
campaigns-birthday-message = Birthday message
campaigns-recall = Inactive customer recall
campaigns-recall-on = Recall campaign on
campaigns-recall-days = Has not returned for (days)
campaigns-recall-batch = Recall coupon batch
campaigns-recall-message = Recall message
campaigns-quiet-hours = Quiet hours (no messages at night)
campaigns-quiet-from = From
campaigns-quiet-until = Until
campaigns-timezone = Time zone (empty: your platform's)
campaigns-preview-cost = Preview cost
campaigns-save-settings = Save settings
campaigns-festivals = Festivals
campaigns-festival = Festival
campaigns-next-date = Next date
campaigns-your-campaign = Your campaign
campaigns-every = every { $date }
campaigns-no-date = no date yet
campaigns-festival-form = { $name } campaign
campaigns-on = On
campaigns-batch = Batch
campaigns-message = Message
campaigns-days-before = Days before
campaigns-date-of = Date of { $name }
campaigns-date = Date
campaigns-set-date = Set date
campaigns-calendar = Festival calendar
campaigns-country = Country
campaigns-dates = Dates
campaigns-date-for-year = Date for a year
campaigns-add-festival-label = Add a festival
campaigns-country-code = Country code
campaigns-name = Name
campaigns-fixed-day = Same day every year (MM-DD, else leave empty and set dates)
campaigns-add-festival = Add festival
campaigns-no-runs = No campaign has run yet.
campaigns-skipped = { $opted } opted out, { $consent } no consent, { $already } already sent, { $credits } no credits, { $exhausted } batch exhausted
campaigns-outcome = { $sent } sent, { $delivered } delivered, { $failed } failed
campaigns-col-started = Started (UTC)
campaigns-col-merchant = Merchant
campaigns-col-campaign = Campaign
campaigns-col-local-day = Local day
campaigns-col-status = Status
campaigns-col-selected = Selected
campaigns-col-queued = Queued
campaigns-col-skipped = Skipped
campaigns-col-outcomes = Outcomes
campaigns-col-note = Note
campaigns-kind-birthday = Birthday
campaigns-kind-recall = Inactive customer recall
campaigns-kind-festival = Festival
campaigns-status-running = running
campaigns-status-done = done
campaigns-status-stopped = stopped

## WhatsApp (/dashboard/whatsapp)
whatsapp-no-credits = { $count } WhatsApp messages were not sent in the last 7 days because there were not enough credits.
whatsapp-buy-credits = Buy credits
whatsapp-older = Older messages →
whatsapp-nothing-sent = Nothing sent yet.
whatsapp-sandbox-phone = Sandbox phone
whatsapp-sandbox-lead = The sandbox sender records each message here instead of sending it, and reports realistic delivery statuses.
whatsapp-last-30-days = Last 30 days
whatsapp-col-who = Who
whatsapp-col-ui-sent = UI sent
whatsapp-col-ui-failed = UI failed
whatsapp-col-bi-sent = BI sent
whatsapp-col-bi-failed = BI failed
whatsapp-col-credits-used = Credits used
whatsapp-col-day = Day
whatsapp-col-class = Class
whatsapp-col-sent = Sent
whatsapp-col-failed = Failed
whatsapp-col-pending = Pending
whatsapp-messages = Messages
whatsapp-col-status = Status
whatsapp-filter-all = All
whatsapp-filter-queued = Queued
whatsapp-filter-sent = Sent
whatsapp-filter-delivered = Delivered
whatsapp-filter-read = Read
whatsapp-filter-failed = Failed
whatsapp-filter-both = Both
whatsapp-filter-ui = User-initiated
whatsapp-filter-bi = Business-initiated
whatsapp-filter = Filter
whatsapp-download-csv = Download CSV
whatsapp-col-time = Time
whatsapp-col-merchant = Merchant
whatsapp-col-to = To
whatsapp-col-trigger = Trigger
whatsapp-col-credits = Credits
whatsapp-col-attempts = Attempts
whatsapp-col-last-error = Last error
whatsapp-coupon-image = Coupon image
# A message's stored status, as the log table shows it.
whatsapp-status-queued = queued
whatsapp-status-sent = sent
whatsapp-status-failed = failed
whatsapp-status-delivered = delivered
whatsapp-status-read = read
# What sent a message; in English the log has always shown the trigger's code name.
whatsapp-trigger-homepage-claim = HomepageClaim
whatsapp-trigger-in-store-claim = InStoreClaim
whatsapp-trigger-lucky-draw-win = LuckyDrawWin
whatsapp-trigger-customer-reply = CustomerReply
whatsapp-trigger-birthday = Birthday
whatsapp-trigger-inactive-recall = InactiveRecall
whatsapp-trigger-festival = Festival
whatsapp-trigger-scheduled-broadcast = ScheduledBroadcast

## Ads (/dashboard/ads)
ads-paid = Payment received. Your ad waits for approval.
ads-duration-price = { $days } days: { $price }
ads-pay-note-wallet = Your own ad costs the platform cost only, paid from your agent wallet at once.
ads-pay-note-checkout = You pay at checkout; the ad then waits for approval. A rejected ad is refunded in full.
ads-buy-from-wallet = Buy from wallet
ads-buy-and-pay = Buy and pay
ads-none = No ads yet.
ads-buy = Buy an ad
ads-title = Title
ads-type = Ad type
ads-type-banner = Banner (image)
ads-type-video = Video (MP4 or WebM, up to 30 s, 20 MB)
ads-creative = Banner image or video
ads-duration = Duration
ads-start-date = Start date
ads-link = Link
ads-country = Country (two letters, empty for everywhere)
ads-cities = Cities (comma-separated, empty for the whole country)
ads-mine = My ads
ads-banner-alt = Banner: { $title }
ads-video-label = Video: { $title }
ads-history = { $state }: { $at }
ads-history-by = { $state }: { $at } by { $by }
ads-history-label = History
ads-refunded = Refunded in full: { $amount }.
ads-refund-pending = The refund is on its way.
ads-rejected-reason = Rejected: { $reason }
ads-col-day = Day (UTC)
ads-col-impressions = Impressions
ads-col-clicks = Clicks
ads-total = Total
ads-status = Status
ads-advertiser = Advertiser
ads-kind = Type
ads-kind-banner = Banner
ads-kind-video = Video
ads-runs = Runs
ads-runs-span = { $from } to { $to } ({ $days } days)
ads-shown-to = Shown to
ads-everywhere = Everywhere
ads-price = Price
ads-state-pending-payment = Awaiting payment
ads-state-pending = Awaiting approval
ads-state-approved = Approved
ads-state-rejected = Rejected
ads-state-expired = Expired

## Ad approvals (/dashboard/ad-approvals)
adapprove-approved = Ad approved. It runs from its start date.
adapprove-rejected = Ad rejected. Its payment is refunded and the advertiser sees your reason.
adapprove-empty = No ads wait for approval.
adapprove-ad-label = Ad: { $title }
adapprove-approve = Approve
adapprove-reason = Reason for rejecting
adapprove-reject = Reject

## Support (/dashboard/support)
support-title = Support
support-conversation = Support conversation
support-nothing-unread = Nothing unread.
support-no-messages = No messages yet.
support-older = Older conversations →
support-own = Your messages to the platform
support-new-reply = New reply
support-open = Open
support-filter = Filter
support-all = All
support-unread-tab = Unread ({ $count })
support-col-from = From
support-col-role = Role
support-col-last-message = Last message
support-col-time = Time
support-unread-title = Unread
support-unread-sr = unread
support-from = Support from { $name }
support-thread-empty = No messages yet. Write below and we will reply here.
support-attached-image = Attached image
support-read = Read
support-back-inbox = ← Inbox
support-message = Message
support-image = Image (optional: PNG, JPEG or WebP, up to 5 MB)
support-send = Send
support-role-agent = Agent
support-role-merchant = Merchant
support-role-temporary-merchant = Temporary Merchant

## WhatsApp message templates as registered with Meta (our copy, for the sandbox phone)
wa-tpl-coupon_claimed = Hi { $p1 }, here is your coupon: { $p2 }. Code { $p3 }. Open it here: { $p4 }
wa-tpl-campaign_coupon = Hi { $p1 }, { $p2 } Your coupon code: { $p3 }

## The wheel, in the browser
wheel-unreachable = The server could not be reached. Please try again.
wheel-failed = The wheel could not be spun. Please try again.

## Statements (PDF contents)
statement-title-merchant = Merchant statement
statement-title-agent = Agent statement
statement-title-platform = Platform statement
statement-period = { $from } to { $to }
statement-date = { $day } { $month } { $year }
statement-month-1 = January
statement-month-2 = February
statement-month-3 = March
statement-month-4 = April
statement-month-5 = May
statement-month-6 = June
statement-month-7 = July
statement-month-8 = August
statement-month-9 = September
statement-month-10 = October
statement-month-11 = November
statement-month-12 = December
statement-period-line = Period: { $period } ({ $timezone })
statement-date-line = Statement date: { $date }
statement-currency-line = Currency: { $currency }
# A credit type's short name
statement-credit-coupon = Coupon
statement-credit-wa-ui = WhatsApp UI
statement-credit-wa-bi = WhatsApp BI
statement-credit-money = Money
# Ledger actions
statement-action-purchase = purchase
statement-action-deduct = deduct
statement-action-refund = refund
statement-action-adjustment = adjustment
# A wallet's heading (other: an unknown credit type, shown as "?")
statement-wallet-coupon = Coupon credits
statement-wallet-wa-ui = WhatsApp UI credits
statement-wallet-wa-bi = WhatsApp BI credits
statement-wallet-money = Money wallet
statement-wallet-other = { $type } credits
statement-opening-balance = Opening balance
statement-lines-this-month = Lines this month
statement-closing-balance = Closing balance
statement-col-date = Date
statement-col-description = Description
statement-col-action = Action
statement-col-amount = Amount
statement-col-balance = Balance
statement-col-owner = Owner
statement-col-type = Type
# Merchant statement
statement-coupons = Coupons
statement-coupons-generated = Coupons generated
statement-coupons-taken = Coupons taken
statement-coupons-redeemed = Coupons redeemed
statement-coupons-expired-refunded = Expired, never taken: refunded
statement-col-messages = Messages
statement-col-sent = Sent
statement-col-failed = Failed
statement-col-credits-used = Credits used
statement-wa-ui = User-initiated (UI)
statement-wa-bi = Business-initiated (BI)
statement-ads = Ads
statement-ads-bought = Ads bought
statement-ads-paid = Paid for ads
statement-ads-refunded = Refunded for rejected ads
statement-ad-impressions = Ad impressions
statement-ad-clicks = Ad clicks
# Agent statement
statement-summary = Summary
statement-new-merchants = New merchants
statement-annual-fee-income = Annual fee income
statement-package-income = Package income
statement-ad-income = Ad income (less refunds)
statement-costs-deducted = Platform costs deducted from the wallet
statement-net-profit = Net profit (income less costs deducted)
statement-wallet-opening = Wallet opening balance
statement-wallet-closing = Wallet closing balance
# Platform statement
statement-platform-revenue = Platform revenue
statement-col-currency = Currency
statement-col-paid-to-platform = Paid to the platform
statement-col-costs-from-agents = Platform costs from agents
statement-col-total-revenue = Total revenue
statement-wa-ui-sent = WhatsApp UI messages sent
statement-wa-bi-sent = WhatsApp BI messages sent
statement-ad-revenue = Ad revenue, main platform (less refunds)
statement-by-country = Distribution by country
statement-col-country = Country
statement-col-merchants = Merchants
statement-col-new-this-month = New this month
statement-col-wa-sent = WhatsApp sent
statement-top-agents-merchants = Top agents by merchants
statement-top-agents-revenue = Top agents by revenue
statement-col-agent = Agent
statement-col-revenue-this-month = Revenue this month
statement-ledger-overview = Ledger overview
statement-col-credit-type = Credit type
statement-col-opening-all = Opening (all wallets)
statement-col-movements = Movements
statement-col-closing-all = Closing (all wallets)
statement-minor-units = Money amounts are in minor units of each agent's currency.
statement-col-lines = Lines
statement-col-total = Total
# $lines: the count, already written with its grouping (12,345)
statement-appendix-note = The appendix lists all { $lines } ledger lines of the month.
statement-appendix-title = Appendix: every ledger line of the month

## More field and message names (AppError::invalid)
# en: more field names (field-<slug>) and field errors (invalid-<slug>) for
# AppError::invalid("Field", "message"); each key is the slug of its English text.

## Form field names (field-<slug of the English name>)
field-confirmation = Confirmation
field-language = Language
field-ad = Ad
field-provider = Provider
field-domain = Domain
field-event = Event
field-description = Description
field-credit-type = Credit type
field-idempotency-key = Idempotency key
field-reason = Reason
field-company-name = Company name
field-membership = Membership
field-city = City
field-permissions = Permissions
field-account = Account
field-month = Month
field-dedupe-key = Dedupe key
field-message = Message
field-image = Image
field-caption = Caption
field-header-image = Header image
field-template-parameters = Template parameters
field-ad-type = Ad type
field-duration = Duration
field-cities = Cities
field-link = Link
field-start-date = Start date
field-video = Video
field-price = Price
field-platform-cost = Platform cost
field-currency = Currency
field-webhook-secret = Webhook secret
field-creative = Creative

## What is wrong with a field (invalid-<slug of the English text, 60 chars at most>)
invalid-must-be-an-amount-like-500-or-500-00 = must be an amount like 500 or 500.00
invalid-must-be-more-than-zero = must be more than zero
invalid-tick-the-box-to-confirm-the-customer-asked-for-erasure = tick the box to confirm the customer asked for erasure
invalid-must-be-en-ms-or-zh-hans = must be en, ms or zh-Hans
invalid-is-not-a-number = is not a number
invalid-is-already-paid = is already paid
invalid-must-be-a-whole-number-of-cents-at-least-1 = must be a whole number of cents, at least 1
invalid-must-be-sandbox-or-stripe = must be sandbox or stripe
invalid-enter-a-name-like-deals-example-com-without-http-or-a-port = enter a name like deals.example.com, without http:// or a port
invalid-must-be-a-domain-name-like-deals-example-com = must be a domain name like deals.example.com
invalid-belongs-to-this-platform-enter-your-own-domain = belongs to this platform; enter your own domain
invalid-a-site-may-have-at-most-10-domains = a site may have at most 10 domains
invalid-must-be-1-to-120-characters = must be 1 to 120 characters
invalid-is-already-used-by-another-account-here = is already used by another account here
invalid-must-be-a-two-letter-code-like-my = must be a two-letter code like MY
invalid-must-be-1-to-80-characters = must be 1 to 80 characters
invalid-is-already-in-this-country-s-calendar = is already in this country's calendar
invalid-must-be-between-2000-and-2200 = must be between 2000 and 2200
invalid-no-client-reference-id = no client_reference_id
invalid-amount-or-currency-does-not-match-the-payment = amount or currency does not match the payment
invalid-has-no-card-payment-waiting = has no card payment waiting
invalid-must-be-1-to-300-characters = must be 1 to 300 characters
invalid-does-not-belong-to-this-kind-of-owner = does not belong to this kind of owner
invalid-must-be-1-to-200-characters = must be 1 to 200 characters
invalid-merchants-hold-coupon-wa-ui-and-wa-bi-credits = merchants hold coupon, wa_ui and wa_bi credits
invalid-must-be-a-whole-number-like-50-or-20-not-zero = must be a whole number like 50 or -20, not zero
invalid-must-be-3-to-250-characters = must be 3 to 250 characters
invalid-choose-annual-or-temporary = choose annual or temporary
invalid-packages-sell-coupon-wa-ui-or-wa-bi-credits = packages sell coupon, wa_ui or wa_bi credits
invalid-temporary-merchant-packages-sell-whatsapp-ui-credits-only = temporary merchant packages sell WhatsApp UI credits only
invalid-you-cannot-remove-super-admin-from-your-own-account-ask-anot = you cannot remove Super Admin from your own account; ask another Super Admin
invalid-you-cannot-disable-your-own-account = you cannot disable your own account
invalid-is-out-of-range = is out of range
invalid-this-page-link-is-not-valid-go-back-to-the-inbox = this page link is not valid; go back to the inbox
invalid-is-not-offered-to-you-choose-another = is not offered to you; choose another
invalid-must-be-1-to-4096-characters = must be 1 to 4096 characters
invalid-give-either-a-public-http-s-link-or-an-uploaded-media-id = give either a public http(s) link or an uploaded media id
invalid-must-be-at-most-1024-characters = must be at most 1024 characters
invalid-name-is-lower-case-letters-digits-and-underscores = name is lower-case letters, digits and underscores
invalid-must-be-a-code-like-en-or-en-us = must be a code like en or en_US
invalid-must-be-an-http-s-link = must be an http(s) link
invalid-at-most-20-none-empty = at most 20, none empty
invalid-must-be-banner-or-video = must be banner or video
invalid-must-be-7-14-or-30-days = must be 7, 14 or 30 days
invalid-a-city-name-is-too-long = a city name is too long
invalid-choose-the-country-first = choose the country first
invalid-must-be-a-two-letter-country-code-e-g-my = must be a two-letter country code, e.g. MY
invalid-must-start-with-http-or-https = must start with http:// or https://
invalid-must-name-a-web-site = must name a web site
invalid-is-not-a-valid-web-address = is not a valid web address
invalid-must-be-a-date-like-2026-12-01 = must be a date like 2026-12-01
invalid-cannot-be-in-the-past = cannot be in the past
invalid-tell-the-advertiser-why = tell the advertiser why
invalid-at-most-500-characters = at most 500 characters
invalid-the-file-is-empty = the file is empty
invalid-the-mp4-file-has-no-readable-duration = the MP4 file has no readable duration
invalid-the-webm-file-does-not-state-its-length = the WebM file does not state its length
invalid-must-be-an-mp4-or-webm-file = must be an MP4 or WebM file
invalid-must-not-be-negative = must not be negative
invalid-must-not-be-more-than-the-price-the-agent-s-profit-would-be = must not be more than the price (the agent's profit would be negative)
invalid-must-be-a-whole-number-of-cents = must be a whole number of cents
invalid-must-be-a-three-letter-code-like-myr = must be a three-letter code like MYR
invalid-does-not-look-like-a-stripe-webhook-signing-secret-whsec = does not look like a Stripe webhook signing secret (whsec_…)
invalid-write-a-message-or-attach-an-image = write a message or attach an image
invalid-could-not-be-read-try-again = could not be read; try again
invalid-send-it-from-the-ads-page = send it from the ads page
invalid-choose-a-banner-image-or-a-video = choose a banner image or a video
invalid-send-it-from-the-approval-queue = send it from the approval queue
invalid-the-file-could-not-be-received-over-8-mb = the file could not be received (over 8 MB?)
invalid-send-it-from-the-new-batch-page = send it from the new batch page
invalid-pick-a-template-or-upload-your-own-design = pick a template or upload your own design
invalid-send-it-from-the-template-library-page = send it from the template library page
invalid-choose-an-image-file = choose an image file
invalid-the-form-could-not-be-read-try-again = the form could not be read; try again
invalid-the-file-could-not-be-received-over-5-mb = the file could not be received (over 5 MB?)
invalid-send-the-form-from-the-support-page = send the form from the support page

## The server's own plain pages
page-not-found = Not found
page-no-site = There is no site at this address.
page-refused = Request refused
page-cross-site = Forms may only be sent from this site's own pages.
page-unavailable = Temporarily unavailable
page-try-again = Please try again in a moment.
page-link-not-available = Link not available
page-not-available = Not available
page-payment-failed = Payment failed
page-stripe-off = Stripe is not configured here.
page-cannot-send = Cannot send
page-log-in = Please log in
page-log-in-image = Log in to see this image.
page-cannot-export = Cannot export
page-log-in-ledger = Log in to download the ledger.
page-went-wrong = Something went wrong
invalid-is-not-one-of-your-coupon-batches = is not one of your coupon batches
invalid-is-not-one-of-your-current-batches = is not one of your current batches

## Field names and messages with numbers in them (the numbers are $n1, $n2…)
field-segment-n-label = Segment { $n1 } label
field-segment-n-weight = Segment { $n1 } weight
field-segment-n-stock = Segment { $n1 } stock
field-segment-n-batch = Segment { $n1 } batch
invalid-must-be-a-whole-number-of-days-from-n-to-n = must be a whole number of days from { $n1 } to { $n2 }
invalid-at-most-n-seconds-long = at most { $n1 } seconds long
invalid-you-already-keep-n-designs-the-most-allowed-pick-one-of-them = you already keep { $n1 } designs, the most allowed; pick one of them instead
invalid-must-be-between-n-and-n = must be between { $n1 } and { $n2 }
invalid-must-be-at-most-n-characters = must be at most { $n1 } characters
invalid-must-be-a-whole-number-from-n-to-n = must be a whole number from { $n1 } to { $n2 }
invalid-must-be-n-to-n-characters = must be { $n1 } to { $n2 } characters
invalid-may-be-at-most-n-characters = may be at most { $n1 } characters
invalid-is-longer-than-n-characters = is longer than { $n1 } characters
invalid-needs-at-least-n-characters = needs at least { $n1 } characters
invalid-has-only-n-coupons-left-fewer-than-the-stock-of-n = has only { $n1 } coupons left, fewer than the stock of { $n2 }
invalid-at-most-n-mb = at most { $n1 } MB
invalid-at-most-n-cities = at most { $n1 } cities
invalid-a-wheel-has-n-to-n-segments = a wheel has { $n1 } to { $n2 } segments
