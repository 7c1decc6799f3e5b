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
