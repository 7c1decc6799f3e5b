# 简体中文. Same keys as en.ftl.

## Dates and numbers
date-format = { $year }年{ $monthnum }月{ $day }日
month-short-1 = 1月
month-short-2 = 2月
month-short-3 = 3月
month-short-4 = 4月
month-short-5 = 5月
month-short-6 = 6月
month-short-7 = 7月
month-short-8 = 8月
month-short-9 = 9月
month-short-10 = 10月
month-short-11 = 11月
month-short-12 = 12月

## The language switch
lang-switch = 语言
lang-saved = 语言已更改。
lang-bad = 请选择 English、Bahasa Melayu 或 中文。

## Site frame
site-dashboard = 管理后台
site-sign-up = 注册
site-log-in = 登录
site-log-out = 退出登录
site-your-data = 您的资料
site-nav = 网站
site-loading = 加载中…

## Coupon center
center-left = 剩余 { $count } 张
center-get-coupon-for = 领取优惠券：{ $title }

## Common words (any page may use these)
common-save = 保存
common-cancel = 取消
common-delete = 删除
common-edit = 编辑
common-yes = 是
common-no = 否
common-none = 无
common-back = 返回
common-previous = 上一页
common-next = 下一页
common-search = 搜索
common-download = 下载
common-close = 关闭
claim-get-coupon = 领取优惠券

## Dashboard menu (section-<slug>)
section-overview = 概览
section-credits = 点数
section-ledger = 账本
section-packages = 点数套餐
section-coupons = 优惠券
section-templates = 模板库
section-lucky-draw = 幸运抽奖
section-whatsapp = WhatsApp
section-campaigns = 营销活动
section-customers = 顾客
section-merchants = 商家
section-agents = 代理
section-pricing = 定价
section-payment-settings = 支付设置
section-agent-wallet = 代理钱包
section-site = 网站与域名
section-ads = 广告
section-ad-approvals = 广告审核
section-statements = 对账单
section-support = 客服信箱
section-staff = 员工

## Balances (credit-remaining-<type>)
credit-remaining-coupon = 优惠券点数余额
credit-remaining-wa_ui = WhatsApp UI 点数余额
credit-remaining-wa_bi = WhatsApp BI 点数余额
credit-remaining-money = 钱包余额

## Coupon categories (category-<code>)
category-restaurant = 餐厅
category-cafe = 咖啡馆与饮品
category-clothing = 服装与时尚
category-beauty = 美容与保健
category-groceries = 杂货
category-electronics = 电子产品
category-entertainment = 娱乐
category-travel = 旅游与酒店
category-services = 服务
category-other = 其他

## Coupon center order (sort-<name>)
sort-popular = 最受欢迎
sort-expiring = 即将到期
sort-newest = 最新

## Where a claim came from (source-<name>)
source-homepage = 首页
source-in_store = 店内
source-lucky_draw = 幸运抽奖
source-birthday = 生日活动
source-recall = 回访活动
source-festival = 节日活动

## Statements (PDF)
statement-page-of = 第 { $n } 页，共 { $total } 页
statement-no-lines = 无记录。

## Claim form (server side)
claim-form-incomplete = 表格未填写完整。

## Coupon PDFs
coupon-pdf-valid = 有效期 { $from } 至 { $until }
coupon-pdf-redeem-hint = 出示此码即可兑换

# public-a: coupon center, claim page, claimed coupon, store page, poster, proof page, Share.

## Coupon center
center-title = 优惠券中心
center-hero = { $brand } 的优惠券
center-intro = 填写姓名、电话和生日即可领取优惠券，在店内使用。
center-ad = 广告
center-coupons = 优惠券
center-country = 国家
center-city = 城市 / 地区
center-category = 类别
center-sort = 排序
center-any-country = 所有国家
center-any-city = 所有城市
center-any-category = 所有类别
center-search-hint = 商家或优惠
center-show = 显示优惠券
center-none = 没有符合条件的优惠券。请减少筛选条件。
center-pages = 页码
center-where = 地点
center-valid-until = 有效期至
center-left-label = 剩余

## Claim page and claimed coupon
claim-unavailable-title = 优惠券无法领取
claim-unavailable = 此优惠券已无法领取：活动已结束或已被领完。
claim-see-others = 查看其他优惠券
claim-welcome-back = 欢迎回来：您的资料已自动填写。请核对后领取优惠券。
# Around the masked name (shown in bold between the two).
claim-known-as = 此号码登记的名字是{" "}
claim-known-as-after = 。如果这是您的号码，请在此设备上打开本店 WhatsApp 消息中的链接，您的资料就会自动填写在这里。或者输入您的姓名和生日：它们只用于这张优惠券。
claim-new-here = 第一次来？请输入您的姓名和生日。
claim-valid-left = 有效期至 { $date } · 剩余 { $count } 张
claim-phone = 电话
claim-look-up = 查询
claim-name = 姓名
claim-birthday = 生日
# STOP is the reply keyword the system recognises: keep it as is.
claim-consent = 通过 WhatsApp 向我发送 { $merchant } 的优惠：生日、回访和节庆优惠券。可随时回复 STOP 停止接收。
claim-whatsapp-hint = 如果此商店通过 WhatsApp 发送优惠券，您的优惠券会经由 WhatsApp 送达。
claim-more-from = { $merchant } 的更多优惠
claim-whatsapp-off = 此商家不通过 WhatsApp 发送优惠券：请保留此页面或记下序号。
claim-whatsapp-queued = 您的优惠券正通过 WhatsApp 发送给您。
claim-whatsapp-not-sent = 未通过 WhatsApp 发送（{ $reason }）：请保留此页面或记下序号。
claim-spin-wheel = 转动幸运抽奖轮盘
claim-your-coupon = 您的优惠券
claim-serial = 序号
claim-offer = 优惠
claim-show-qr = 在柜台出示此 QR 码即可使用优惠券。
claim-more-coupons = 更多优惠券
claim-qr-label = 优惠券 QR 码

## Store page and poster
store-title = 商店
store-pitch = 本店有 { $count } 张优惠券，例如 { $title }
store-lead = 可在本店领取的优惠券。
store-none = 目前没有优惠券。请向柜台询问。
store-qr-label = 商店 QR 码
poster-title = 商店海报
poster-call = 扫码领取优惠券
poster-open-store = 打开商店页面
poster-print = {" "}· 打印此页（Ctrl+P）后张贴。

## Proof page (the link in the coupon's WhatsApp message)
proof-error-used = 此链接已在另一部设备上使用过。
proof-error-expired = 此链接已到期。
proof-error-failed = 无法记住此设备。请重试。
proof-remembered = 此设备已被记住：领取表格会在这里自动填写您的资料。{" "}
proof-see-data = 查看商家保存了您的哪些资料
proof-ask = 这是您的手机或您使用的设备吗？记住它，下次领取表格就会在此设备上自动填写您的姓名和生日。
proof-remember = 记住此设备
proof-used = 此链接已记住过一部设备。您的优惠券仍然有效。
proof-expired = 此链接已无法再记住设备。您的优惠券仍然有效。

## Share button
share-button = 分享
share-copied = 链接已复制。
share-copy = 复制此链接：

# public-b: wheel, verify, my data, not found, login, sign up, dashboard frame (简体中文).

## Lucky-draw wheel
wheel-title = 幸运抽奖
wheel-none = 此商店目前没有幸运抽奖轮盘。
wheel-none-left = 已送完
wheel-odds-line = { $label }：{ $odds }
wheel-lead-claim-or-store = 领取优惠券后或通过商店链接即可转动，每天 { $count } 次。按下“转动”时抽出奖品。
wheel-lead-claim = 领取本店任一优惠券后即可转动，每天 { $count } 次。按下“转动”时抽出奖品。
wheel-lead-store = 通过商店链接即可转动，每天 { $count } 次。按下“转动”时抽出奖品。
wheel-heading = { $merchant } 幸运抽奖
wheel-aria = 共 { $count } 格的奖品轮盘
wheel-spin = 转动
wheel-needs-js = 转动轮盘需要 JavaScript。
wheel-odds = 中奖几率
wheel-won = 您赢得了：{ $label }
wheel-stopped = 轮盘停在：{ $label }

## Coupon check (QR link)
verify-title = 优惠券
verify-genuine = 真实优惠券
verify-not-genuine = 非真实优惠券
verify-issued = 优惠券 { $serial } 由本网站发出。
verify-merchants-before = 商家请
verify-log-in = 登录
verify-merchants-after = 后兑换。
verify-altered = 此代码并非本网站发出，或已被篡改。
verify-claimed = 领取于 { $when }
verify-serial = 序列号
verify-valid-until = 有效期至
verify-customer = 顾客
verify-redeem = 兑换
verify-cannot-redeem = 无法兑换

## Your data
mydata-unproven = 此设备尚未证明您持有该手机。请打开发送优惠券的 WhatsApp 消息中的链接，按下“记住此设备”，您的资料便会显示在这里。
mydata-never-shown = 对于只输入了电话号码的人，我们绝不显示商店所持有的该号码资料。
mydata-lead = 本网站各商店所持有的您的资料。请商店删除后，他们会从管理后台将其清除；您的优惠券记录会保留，但不含您的姓名或号码。
mydata-details = 您的个人信息
mydata-name = 姓名
mydata-phone = 电话
mydata-birthday = 生日
mydata-first-coupon = 首张优惠券
mydata-save = 保存更正
mydata-forget-hint = 使用共用或借来的设备？请忘记此设备：领取表格将不再在此自动填写您的资料。
mydata-forget = 忘记此设备
mydata-stop-offers = 停止接收 { $merchant } 的优惠信息
mydata-agreed = 您于 { $date } 同意：“{ $text }”
mydata-withdrawn = 您已于 { $date } 停止接收优惠信息。我们只会发送您索取的优惠券。
mydata-consent-none = 您尚未同意接收此商店的优惠信息。我们只会发送您索取的优惠券。
mydata-stopped = 您已回复 STOP 给此商店的消息：它不会再向您发送优惠信息。
mydata-status-available = 可领取
mydata-status-taken = 已领取
mydata-status-redeemed = 已兑换
mydata-status-expired = 已到期
mydata-claim-line = { $serial } · { $date } 领取 · { $status }
mydata-messages = 发送给您的 WhatsApp 消息：{ $count }

## Page not found
notfound-title = 找不到页面
notfound-text = 此网址没有任何内容。
notfound-home = 前往首页

## Log in
login-invalid = 电邮或密码不正确。
login-input = 请输入有效的电邮地址和密码。
login-disabled = 此账户已被停用。请联系您的管理员。
login-throttled = 尝试次数过多。请在 { $seconds } 秒后重试。
login-few-hundred = 几百
login-expired = 您的登录已过期。请重新登录。
login-failed = 我们这边出了问题。请重试。
login-heading = 登录 { $brand }
login-signed-in-as = 您已以 { $name } 的身份登录。
login-open-dashboard = 打开您的管理后台
login-logged-out = 您已退出登录。
login-email = 电邮
login-password = 密码

## Sign up
signup-annual-fee = 年费商家：每年 { $fee }，享有全部功能。
signup-annual = 年费商家：按年收费，享有全部功能。
signup-temporary = 临时商家：无年费，按需购买 WhatsApp 套餐。
signup-heading = 在 { $brand } 注册您的企业
signup-membership = 会员类型
signup-company = 公司名称
signup-country = 国家（两个字母）
signup-city = 城市
signup-your-name = 您的姓名
signup-email = 电邮
signup-password = 密码（至少 10 个字符）
signup-already = 已经注册？

## Dashboard frame
frame-not-available = 尚未开放
frame-soon = 即将推出
frame-unread = 未读对话

# 简体中文. Same keys as errors.en.ftl.

## Errors the server sends (AppError; error-<variant>)
error-not-logged-in = 请先登录再继续。
error-forbidden = 您的账户无权访问此页面。
error-not-found = 未找到。
error-invalid-credentials = 电子邮件或密码不正确。
error-account-disabled = 此账户已被停用。请联系您的管理员。
error-rate-limited = 尝试次数过多。请在 { $seconds } 秒后重试。
error-insufficient-credits = 点数不足：可用 { $balance }，需要 { $requested }。
error-hold-resolved = 此预留已{ $status }。
error-hold-status-captured = 扣除
error-hold-status-released = 释放
error-idempotency-conflict = 此请求已使用不同的资料提交过。
error-bad-signature = 付款通知的签名无效。
error-proof-used = 此链接已在另一台设备上使用。请打开商店最新 WhatsApp 消息中的链接，或在此设备上重新领取。
error-proof-expired = 此链接已到期。您的优惠券仍然有效；下一张优惠券的消息会附上新链接。
error-sign-up-not-completed = 无法用这些资料创建账户。如果您已在此用该电子邮件注册账户，请改用其密码登录。
error-wrong-currency = 此项以 { $currency } 定价，但本网站只接受 { $expected } 付款。
error-message-in-flight = 发给此顾客的 WhatsApp 消息仍在发送中。请一分钟后消息发出时再试。
error-bad-whatsapp-signature = WhatsApp 通知的签名无效。
# A field's name, then what is wrong with it (field-* and invalid-* below)
error-invalid-input = { $field }：{ $message }
error-unknown-coupon = 没有序列号为 { $serial } 的优惠券。
error-forged-coupon = 此优惠券代码无效：签名不符。
error-coupon-not-taken = 优惠券 { $serial } 尚未被顾客领取。
error-coupon-already-redeemed = 优惠券 { $serial } 已于 { $when } 兑换。
error-coupon-expired = 优惠券 { $serial } 已于 { $when } 到期。
error-coupon-of-another-merchant = 优惠券 { $serial } 属于其他商家。
error-membership-inactive = 您的会员资格为“{ $state }”：续期或完成办理后即可创建新批次和营销活动。
# The membership states MembershipInactive names (error-membership-state-<state>)
error-membership-state-pending-payment = 待付款
error-membership-state-pending-agent-top-up = 待代理充值
error-membership-state-active = 有效
error-membership-state-expired = 已到期
error-stripe-keys-rejected = Stripe 不接受这些密钥：{ $reason }
error-payments-not-connected = 本网站尚未开通银行卡付款。请联系网站所有者。
error-domain-taken = 此域名已被其他网站使用。
error-batch-exhausted = 抱歉，此优惠已领完：所有优惠券都已被领取。
error-batch-not-started = 此优惠于 { $date } 开始。
error-batch-ended = 此优惠已于 { $date } 结束。
error-claim-limit-reached = 此电话号码已有此优惠的 { $limit } 张优惠券，已达上限。
error-spin-not-allowed = 请先领取本店的一张优惠券，然后即可转动转盘。
error-spin-limit-reached = 您已用完今天的 { $count } 次转盘机会。明天再来吧！
error-forged-beacon = 此广告链接无效。
error-internal = 我们这边出了点问题。请重试。
error-transport = 无法连接服务器。请重试。

## The claim form's limits (ClaimThrottle)
error-wait-seconds = { $count } 秒
error-wait-minutes = { $count } 分钟左右
error-throttle-phone = 此电话号码在过去一小时内已领取许多优惠券。请在 { $wait }后重试。
error-throttle-device = 此设备在过去一小时内已多次领取。为自己领取的人可以用自己的手机；否则请在 { $wait }后重试。
error-throttle-address = 您的网络刚领取了许多优惠券。请在 { $wait }后重试，或改用移动数据。
error-throttle-batch = 此优惠目前非常繁忙。请在 { $wait }后重试。

## The error panel's headings
error-heading-log-in = 请登录
error-heading-forbidden = 无权访问
error-heading-not-found = 未找到
error-heading-slow-down = 操作太频繁
error-heading-failed = 出错了

## Form field names (field-<slug of the English name>)
field-quantity = 数量
field-page = 页码
field-email = 电子邮件
field-password = 密码
field-name = 姓名
field-birthday = 生日
field-phone-number = 电话号码
field-date = 日期
field-trigger = 触发条件
field-channel = 渠道
field-side = 一方
field-coupon-status = 优惠券状态
field-whatsapp-status = WhatsApp 状态
field-days-before = 提前天数
field-days-after = 延后天数
field-birthday-batch = 生日批次
field-birthday-message = 生日消息
field-inactive-days = 未活跃天数
field-recall-batch = 回访批次
field-recall-message = 回访消息
field-festival-batch = 节日批次
field-festival-message = 节日消息
field-quiet-hours = 免打扰时段
field-quiet-hours-start = 免打扰开始时间
field-quiet-hours-end = 免打扰结束时间
field-prizes = 奖品
field-spins-per-day = 每日转盘次数
field-slug = 网址代称
field-colour = 颜色
field-serial = 序列号
field-title = 标题
field-offer-details = 优惠详情
field-terms = 条款
field-category = 类别
field-country = 国家
field-city-region = 城市/地区
field-business-type = 业务类型
field-claim-limit-per-customer = 每位顾客领取上限
field-valid-from = 有效期自
field-valid-until = 有效期至
field-template = 模板
field-amount = 金额
field-form = 表单

## What is wrong with a field (invalid-<slug of the English text, 60 chars at most>)
invalid-must-be-at-least-1 = 至少为 1
invalid-is-larger-than-1-000-000-000-000 = 超过 1,000,000,000,000
invalid-must-be-a-whole-number = 必须是整数
invalid-is-not-a-ledger-position = 不是有效的账本位置
invalid-enter-your-email-address = 请输入您的电子邮件地址
invalid-is-longer-than-254-characters = 超过 254 个字符
invalid-must-contain-an = 必须包含 @
invalid-is-not-a-valid-address = 不是有效的地址
invalid-must-not-contain-spaces = 不能包含空格
invalid-enter-your-password = 请输入您的密码
invalid-is-longer-than-256-characters = 超过 256 个字符
invalid-must-be-at-least-10-characters = 至少需要 10 个字符
invalid-is-required = 必填
invalid-may-not-hold-control-characters = 不能包含控制字符
invalid-may-not-be-in-the-future = 不能是未来的日期
invalid-is-not-a-valid-phone-number-include-the-country-code-if-it-i = 不是有效的电话号码；如为外国号码，请加上国家代码，例如 +60 12 345 6789
invalid-may-hold-only-digits-spaces-dashes-and-a-leading = 只能包含数字、空格、连字符和开头的 +
invalid-must-be-in-international-form-with-its-country-code-e-g-60-1 = 必须是带国家代码的国际格式，例如 +60 12 345 6789
invalid-is-not-a-day-of-the-year = 不是一年中的有效日期
invalid-must-look-like-1990-04-23 = 格式应如 1990-04-23
invalid-must-be-a-time-like-21-00 = 必须是时间，如 21:00
invalid-is-required-to-turn-the-campaign-on = 开启营销活动时必填
invalid-choose-a-coupon-batch = 请选择一个优惠券批次
invalid-must-be-times-of-the-day = 必须是一天中的时间
invalid-at-least-one-segment-must-give-a-coupon = 至少要有一个扇区送出优惠券
invalid-must-be-3-to-40-characters = 必须为 3 至 40 个字符
invalid-may-contain-only-a-z-0-9-and = 只能包含 a-z、0-9 和 -
invalid-must-not-start-or-end-with = 不能以 - 开头或结尾
invalid-must-start-with = 必须以 # 开头
invalid-must-be-hexadecimal-like-1a7f5a = 必须是十六进制，如 #1a7f5a
invalid-must-be-rgb-or-rrggbb = 必须是 #rgb 或 #rrggbb
invalid-enter-the-coupon-s-serial = 请输入优惠券序列号
invalid-does-not-add-up-a-character-was-mistyped-or-two-were-swapped = 校验不符：有字符输错或两个字符顺序颠倒
invalid-contains-control-characters = 包含控制字符
invalid-must-be-a-date-like-2026-12-31 = 必须是日期，如 2026-12-31
invalid-q-is-not-a-date-like-n-n-n = { $q1 } 不是 { $n1 }-{ $n2 }-{ $n3 } 这样的日期
invalid-q-is-not-a-time-zone = { $q1 } 不是有效的时区
invalid-n-n-is-not-over-yet = { $n1 }-{ $n2 } 尚未结束
invalid-unknown-trigger-q = 未知的触发条件 { $q1 }
invalid-unknown-channel-q = 未知的渠道 { $q1 }
invalid-unknown-side-q = 未知的一方 { $q1 }
invalid-unknown-status-q = 未知的状态 { $q1 }
invalid-choose-one-of-the-listed-categories = 请从列出的类别中选择一个
invalid-must-be-a-two-letter-country-code-like-my = 必须是两个字母的国家代码，如 MY
invalid-is-in-the-past = 已是过去的日期
invalid-is-before-the-first-valid-day = 早于第一个有效日
invalid-is-more-than-two-years-after-the-first-valid-day = 比第一个有效日晚两年以上
invalid-choose-a-template-or-upload-your-own = 请选择模板或上传您自己的设计
invalid-is-not-a-template-of-this-site = 不是本网站的模板
invalid-was-incomplete = 不完整
invalid-is-out-of-date-reload-the-page-and-try-again = 已过时；请重新加载页面后重试

## Role labels (role-*) and staff permissions (role-permission-*)
role-super-admin = 超级管理员
role-platform-staff = 平台员工（{ $permissions }）
role-agent = 代理
role-agent-staff = 代理员工（{ $permissions }）
role-annual-merchant = 年费商家
role-temporary-merchant = 临时商家
role-no-permissions = 无权限
role-permission-super-admin = 超级管理员
role-permission-support = 客服
role-permission-ad-approver = 广告审核员
role-permission-finance-viewer = 财务查看员

# dash-a: dashboard overview, merchants, agents, staff, site & domains, section pages.

## Overview (/dashboard)
overview-welcome = 欢迎，{ $name }
overview-signed-in-as = 您目前以{ $role }身份登录。
overview-use-menu = 使用菜单打开您的角色可使用的栏目。
overview-waiting = 您的商家有 { $count } 项已付款项目正在等待您的钱包充值（平台费用 { $cost }）。
overview-top-up = 为钱包充值
overview-count-merchants = 商家
overview-count-active-merchants = 活跃商家
overview-count-staff = 员工账户
overview-count-agents = 代理
overview-membership = 会员资格：
overview-state-pending-payment = 待付款
overview-state-pending-top-up = 待代理充值
overview-state-active = 有效
overview-state-expired = 已到期
overview-membership-pending-payment = 缴付年费后即可开始创建优惠券批次和营销活动。
overview-membership-pending-top-up = 已收到您的付款。网站所有者完成处理后，您的会员资格即会生效；您无需再做任何操作。
overview-membership-active = 您的会员资格有效。
overview-membership-pay-as-you-go = 您按需购买 WhatsApp 套餐，无需缴付年费。
overview-membership-expired = 您的会员资格已到期：续费后即可创建新的批次和营销活动。您已创建的内容不会丢失。
overview-renews-on = 续期日期：{ $date }
overview-pay-annual-fee = 缴付年费
overview-renew = 续费会员
overview-renew-early = 提前续费
overview-site-language = 网站语言
overview-site-language-hint = 适用于尚未选择语言、且浏览器未要求以上任何语言的访客。
overview-site-language-save = 保存语言
overview-site-language-saved = 网站语言已保存。

## Merchants (/dashboard/merchants, /dashboard/merchants/<id>)
merchants-none = 暂无商家。
merchants-company = 公司
merchants-type = 类型
merchants-status = 状态
merchants-location = 地点
merchants-joined = 加入日期
merchants-kind-annual = 年费
merchants-kind-temporary = 临时
merchants-status-pending-payment = 待付款
merchants-status-pending-agent-topup = 待代理充值
merchants-status-active = 有效
merchants-status-expired = 已到期
merchant-back = ← 商家
merchant-logins = 登录账户

## Agents (/dashboard/agents, /dashboard/agents/<id>)
agents-none = 暂无代理。
agents-brand = 品牌
agents-company = 公司
agents-merchants = 商家
agents-domains = 自定义域名
agent-back = ← 代理
agent-subdomain = 子域名

## Staff (/dashboard/staff)
staff-lead = 权限更改将在该员工下一次点击时生效；停用会使其退出登录。
staff-name = 姓名
staff-email = 电邮
staff-permissions = 权限
staff-state = 状态
staff-add = 添加员工
staff-password = 初始密码（至少 10 个字符）
staff-enable = 启用
staff-disable = 停用
staff-active = 有效
staff-disabled = 已停用
staff-perm-super-admin = 超级管理员
staff-perm-support = 客服
staff-perm-ad-approver = 广告审核员
staff-perm-finance-viewer = 财务查看员

## Site & domains (/dashboard/site)
sitecfg-verified = 已验证：正在提供您的网站
sitecfg-waiting = 正在等待 DNS 记录
sitecfg-proof-help = 请在您的 DNS 服务商处创建以下 TXT 记录，然后点击“验证”（我们也会每隔几分钟检查一次）：
sitecfg-record-name = 名称
sitecfg-record-value = 值
sitecfg-last-checked = 上次检查：{ $time }
sitecfg-verify = 验证
sitecfg-remove = 移除
sitecfg-not-found = 尚未找到该 TXT 记录。DNS 更改可能需要一段时间才会生效，请稍后再试。
sitecfg-brand-name = 品牌名称
sitecfg-company-name = 公司名称
sitecfg-colours = 颜色
sitecfg-hosts = 您的网站可通过以下地址访问
sitecfg-domains = 自定义域名
sitecfg-no-domains = 暂无自定义域名。
sitecfg-domain = 域名
sitecfg-add-domain = 添加域名
sitecfg-point-help = 将域名指向本平台（CNAME 指向您的子域名），并创建上方显示的 TXT 记录；验证通过之前，该域名不会提供您的任何内容。

## Section pages (/dashboard/<section>)
section-page-open = 打开{ $section }
section-page-pending = { $section }尚未开放。它将随第 { $issue } 号议题推出；在此之前，这里的功能均未上线。

# dash-b：点数、点数套餐、定价、支付设置、代理钱包、沙盒付款、账本、对账单。
# Same keys as dash-b.en.ftl.

## Credits (/dashboard/credits)
credits-held = { $count } 点已为排队中的消息预留
credits-buy = 购买
credits-status-paid = 已付款
credits-status-awaiting = 等待付款
credits-paid-notice = 已收到付款，您的点数已到账。
credits-buy-title = 购买点数
credits-no-packages = 目前没有在售的点数套餐。
credits-col-package = 套餐
credits-col-credits = 点数
credits-col-amount = 数量
credits-col-price = 价格
credits-purchases = 您的购买记录
credits-no-purchases = 暂无购买记录。
credits-col-date = 日期
credits-col-paid = 已付
credits-col-status = 状态
# A credit type's short name in tables and menus
credits-type-coupon = 优惠券
credits-type-wa-ui = WhatsApp UI
credits-type-wa-bi = WhatsApp BI
credits-type-money = 金额

## Credit packages (/dashboard/packages)
packages-on-sale = 在售
packages-off = 已停售
packages-turn-off = 停售
packages-turn-on = 上架
packages-name = 名称
packages-credit-type = 点数类型
packages-credits = 点数
packages-price = 价格
packages-state = 状态
packages-new = 新建套餐
packages-price-cents = 价格（分）
packages-currency = 货币
packages-create = 创建套餐

## Pricing (/dashboard/pricing)
pricing-title = 定价（{ $currency }）
pricing-fee = 费用
pricing-price-cents-for = { $item } 价格（分）
pricing-cost-cents-for = { $item } 平台成本（分）
pricing-package-credits = { $credits } { $kind } 点数
pricing-package-temporary = ，临时商家
pricing-package-off = （已停售）
pricing-set-fee = 设置费用
pricing-item = 项目
pricing-currency = 货币
pricing-price-cents = 价格（分）
pricing-cost-cents = 平台成本（分）
pricing-set-price = 设置价格
pricing-show-currency = 显示货币{" "}
pricing-show = 显示
pricing-intro-admin = 商家支付的价格，以及代理旗下商家购买该项目时从代理钱包扣除的平台成本。代理只能查看此价目表。
pricing-intro-agent = 这些价格由平台设定。您的商家购买项目时，平台成本将从您的钱包扣除，其余为您的利润。
pricing-what = 内容
pricing-price = 价格
pricing-platform-cost = 平台成本
pricing-agent-profit = 代理利润
pricing-change-cents = 修改（分）
# The price sheet's items
pricing-item-annual-fee = 商家年费
pricing-item-ad-7-days = 广告，7 天
pricing-item-ad-14-days = 广告，14 天
pricing-item-ad-30-days = 广告，30 天

## Payment settings (/dashboard/payment-settings)
payset-sandbox-note = 本平台使用沙盒付款：不涉及任何真实资金，在平台接受真实付款之前不会使用您的密钥。
payset-card-payments = 您的商家通过您的 Stripe 账户以银行卡付款。
payset-add-webhook-secret = 请添加 webhook 签名密钥：在此之前您的网站无法收款，您的商家也会收到相应提示。
payset-mode = 模式
payset-mode-test = 测试
payset-mode-live = 正式
payset-publishable-key = 可发布密钥
payset-secret-key = 私密密钥
payset-webhook-secret = Webhook 密钥
payset-not-set = 未设置
payset-checked = 已通过 Stripe 验证
payset-no-keys-sandbox = 尚无密钥。本平台使用沙盒付款：您的商家在沙盒中付款，不涉及真实资金。请现在连接您的 Stripe 账户，以便平台开始接受真实付款后您的网站即可收款。
payset-no-keys = 您的网站尚无法收款：您的商家无法购买点数或缴纳年费。请在下方连接您的 Stripe 账户（私密密钥和 webhook 签名密钥）。
payset-webhook-title = Stripe webhook
# Around the event name checkout.session.completed
payset-webhook-before = 在 Stripe 控制台中，为事件{" "}
payset-webhook-after = {" "}添加端点，地址为：
payset-connect = 连接 Stripe
payset-webhook-secret-optional = Webhook 签名密钥（可选）
payset-check-save = 验证并保存
payset-keys-note = 密钥在保存前会经 Stripe 验证。私密密钥和 webhook 密钥加密存储，之后不会再完整显示。

## Agent wallet (/dashboard/agent-wallet)
wallet-waiting = 您的商家有 { $count } 项已付款项目正在等待您充值：平台成本共 { $costs }。一旦钱包余额足够，这些项目将按先后顺序自动完成。
wallet-top-up-title = 充值
wallet-amount = 金额（{ $currency }）
wallet-top-up-button = 为钱包充值
wallet-received = 已收到充值。
wallet-balance = 钱包余额
wallet-annual-fee-income = 年费收入
wallet-package-income = 套餐收入
wallet-ad-income = 广告收入
wallet-costs-deducted = 已扣平台成本
wallet-profit = 利润
wallet-your-merchants = 您的商家
wallet-col-merchant = 商家
wallet-col-kind = 类型
wallet-col-state = 状态
wallet-col-renews = 续期日期
wallet-kind-annual = 年费商家
wallet-kind-temporary = 临时商家
wallet-state-pending-payment = 等待付款
wallet-state-pending-top-up = 等待代理充值
wallet-state-active = 有效
wallet-state-expired = 已到期

## Sandbox checkout (/checkout/sandbox/<id>)
checkout-title = 付款
checkout-complete = 此笔付款已完成。
checkout-for = { $what }：{ $amount }。
checkout-pay = 支付 { $amount }
checkout-sandbox-banner = SANDBOX 沙盒：不涉及真实资金。付款通过与真实付款相同的 webhook 代码完成。
checkout-what-ad = 广告
checkout-what-top-up = 代理钱包充值
checkout-what-package = { $credits } { $type ->
        [coupon] 优惠券
        [wa_ui] WhatsApp UI
        [wa_bi] WhatsApp BI
       *[money] 金额
    }点数
checkout-back-ads = 返回您的广告
checkout-back-credits = 返回您的点数
checkout-back-dashboard = 返回管理后台
checkout-back-wallet = 返回您的钱包

## Ledger (/dashboard/ledger)
ledger-download-csv = 下载 CSV
ledger-col-date = 日期
ledger-col-owner = 所有者
ledger-col-description = 说明
ledger-credit-type = 点数类型
ledger-action = 操作
ledger-col-amount = 数量
ledger-col-balance = 余额
ledger-col-related = 相关
ledger-older = 更早的记录 →
ledger-all = 全部
ledger-from = 从
ledger-until = 至
ledger-filter = 筛选
ledger-adjust-title = 调整商家点数
ledger-merchant = 商家
ledger-adjust-amount = 数量（负数表示扣除）
ledger-adjust-amount-hint = 50 或 -20
ledger-reason = 原因
ledger-post = 提交调整
# Ledger actions (the requirement's names)
ledger-action-purchase = 购买
ledger-action-deduct = 扣除
ledger-action-refund = 退还
ledger-action-adjustment = 调整
# What a ledger line is about
ledger-related-coupon-batch = 优惠券批次
ledger-related-coupon = 优惠券
ledger-related-message = 消息
ledger-related-ad = 广告
ledger-related-payment = 付款
ledger-related-hold = 预留
ledger-related-none = 无

# Ledger lines: posted once with these words, shown in each reader's language.
ledger-adjustment = 调整：{ $reason }
ledger-ad-own-cost = 您自己的广告“{ $title }”的平台费用
ledger-ad-cost-returned = 平台费用已退回：广告“{ $title }”被拒绝
ledger-top-up = 钱包充值 { $amount }
ledger-merchant-cost = 商家{ $what ->
        [annual_fee] 年费
        [package] 套餐
       *[ad] 广告
    }的平台费用
ledger-bought = 购买 { $credits } { $type ->
        [coupon] 优惠券
        [wa_ui] WhatsApp UI
        [wa_bi] WhatsApp BI
       *[money] 金额
    }点数
ledger-batch = 优惠券批次“{ $title }”：{ $count } 张优惠券
ledger-expiry-refund = 已过期、从未领取：“{ $title }”的 { $count } 张优惠券
ledger-demo-credits = 演示优惠券点数
ledger-wa-accepted = WhatsApp { $class ->
        [ui] UI
       *[bi] BI
    } 消息已被接受

## Statements (/dashboard/statements)
statements-empty = 暂无对账单。每月的对账单会在次月 1 日生成。
statements-month = 月份
statements-col-of = 对账单类型
statements-col-company = 公司
statements-col-generated = 生成时间（UTC）
statements-col-pdf = PDF
statements-regenerated = 已重新生成 { $count } 份对账单。
statements-owner-platform = 平台
statements-owner-agent = 代理
statements-owner-merchant = 商家
statements-download-pdf = 下载 PDF
statements-regenerate-title = 重新生成某月对账单
statements-regenerate-button = 重新生成该月所有对账单

# dash-c: dashboard coupons, batches, redeem, template library, lucky draw, customers.

## Coupons list (/dashboard/coupons)
coupons-no-batches = 还没有批次。
coupons-balance = 可用优惠券点数：{ $count }。
coupons-new-batch = 新建批次
coupons-store-page = 店铺页面
coupons-store-poster = 店铺海报
coupons-back = ← 优惠券
coupons-col-batch = 批次
coupons-col-coupons = 优惠券
coupons-col-valid = 有效期
coupons-col-taken = 已领取
coupons-col-redeemed = 已兑换
coupons-col-available = 可领取
coupons-pdf-queued = 排队中
coupons-pdf-making = 生成中… { $done } / { $quantity }
coupons-pdf-ready = 已就绪
coupons-pdf-failed = 失败

## New batch (/dashboard/coupons/new)
batch-new-title = 新建优惠券批次
batch-new-lead = 每张优惠券消耗 1 优惠券点数，在生成批次时扣除。您目前有 { $count }。
batch-title = 标题
batch-title-hint = 任何饮品 8 折
batch-offer-details = 优惠详情
batch-terms = 条款
batch-category = 类别
batch-business-type = 业务类型
batch-business-type-hint = 咖啡店
batch-country = 国家
batch-city = 城市 / 地区
batch-quantity = 数量
batch-claim-limit = 每位顾客上限
batch-valid-from = 生效日期
batch-valid-until = 有效至（最后一天）
batch-send-whatsapp = 领取后通过 WhatsApp 发送优惠券
batch-show-in-center = 在优惠券中心显示
batch-template = 模板
batch-upload-own = …或上传您自己的设计（PNG、JPEG 或 WebP，最大 8 MB）
batch-template-name = 设计名称
batch-generate = 生成批次

## One batch (/dashboard/coupons/<id>)
batch-page-title = 优惠券批次
batch-download-pdf = 下载 PDF
batch-pdf-making = 正在生成 PDF… { $done } / { $quantity }
batch-pdf-failed = PDF 生成失败。
batch-try-again = 重试
batch-more = 仅显示前 50 张优惠券；CSV 包含全部。
batch-refunded = { $count } 张未被领取的优惠券已在到期时退还。
batch-where = 地点
batch-wa-on = 领取后发送
batch-wa-off = 关闭
batch-in-center = 优惠券中心
batch-shown = 显示
batch-hidden = 隐藏
batch-per-customer = 每位顾客
batch-stat-generated = 已生成
batch-stat-expired = 已到期
batch-stat-wa-sent = WhatsApp 已发送
batch-stat-wa-failed = WhatsApp 发送失败
batch-download-csv = 下载 CSV
batch-col-serial = 序列号
batch-col-status = 状态
batch-col-customer = 顾客
batch-status-available = 已生成/可领取
batch-status-taken = 已领取
batch-status-redeemed = 已兑换
batch-status-expired = 已到期（未领取）
batch-wa-queued = 排队中
batch-wa-sent = 已发送
batch-wa-delivered = 已送达
batch-wa-read = 已读
batch-wa-failed = 失败

## Redeem (/dashboard/redeem)
redeem-title = 兑换优惠券
redeem-lead = 输入印在二维码下方的序列号，或在登录状态下用这部手机扫描二维码。
redeem-serial = 序列号
redeem-button = 兑换
redeem-done = 已于 { $when } 兑换 { $serial }（{ $title }）。

## Template library (/dashboard/templates)
templates-lead = 已启用的模板会在商家创建批次时提供给所有商家。停用模板不会影响现有批次。
templates-upload-heading = 上传模板
templates-name = 名称
templates-category = 类别
templates-category-hint = 餐饮
templates-image = 图片（PNG、JPEG 或 WebP，最大 8 MB）
templates-upload = 上传
templates-enabled = 已启用
templates-disabled = 已停用
templates-enable = 启用
templates-disable = 停用

## Lucky draw (/dashboard/lucky-draw)
luckydraw-prize-option = { $title }（剩余 { $count } 张）
luckydraw-segment-label = 第 { $n } 格标签
luckydraw-segment-weight = 第 { $n } 格权重
luckydraw-segment-prize = 第 { $n } 格奖品
luckydraw-segment-stock = 第 { $n } 格库存
luckydraw-no-prize = 无奖品
luckydraw-saved = 转盘已保存。
luckydraw-poster = 可打印的店铺海报
luckydraw-wheel-link = 顾客看到的转盘
luckydraw-help = 2 至 12 格。每格的中奖几率为其权重除以仍可中奖各格的权重总和。奖品格发放其批次的一张优惠券，直到库存用完；将某行的标签和权重留空即可删除该行。
luckydraw-col-label = 标签
luckydraw-col-weight = 权重
luckydraw-col-prize = 奖品
luckydraw-col-stock = 库存
luckydraw-col-given = 已发放
luckydraw-col-odds = 当前几率
luckydraw-who = 谁可以转
luckydraw-wheel-on = 开启转盘
luckydraw-after-claim = 领取我的优惠券后
luckydraw-from-store = 通过我的店铺链接
luckydraw-spins-per-day = 每位顾客每天转动次数
luckydraw-save = 保存转盘

## Customers (/dashboard/customers)
customers-erased-all = 已删除。{ $claims } 条优惠券记录已保留，但不含姓名或号码；已清除 { $messages } 条 WhatsApp 消息。该顾客在此没有其他优惠券，因此其资料已从网站中删除。
customers-erased-some = 已删除。{ $claims } 条优惠券记录已保留，但不含姓名或号码；已清除 { $messages } 条 WhatsApp 消息。本网站的其他店铺会保留其所持资料，直到顾客提出要求。
customers-empty = 没有符合的顾客。顾客领取您的优惠券后会出现在这里。
customers-lead = 所有领取过您优惠券的人。顾客可以询问您保存了他们的哪些资料（向他们展示这一行），或要求删除：删除会保留您的优惠券和点数记录，但会将其姓名和号码替换为“Erased customer”，并清除消息内容。
customers-search-label = 姓名或电话
customers-find = 查找
customers-col-name = 姓名
customers-col-phone = 电话
customers-col-birthday = 生日
customers-col-coupons = 优惠券
customers-col-last-claim = 最近领取
customers-col-offers = 优惠信息
customers-agreed = 已同意
customers-they-asked = 顾客已要求
customers-erase = 删除个人资料

# dash-d (简体中文): campaigns-, whatsapp-, ads-, adapprove-, support-

## Campaigns (/dashboard/campaigns)
campaigns-saved-settings = 活动设置已保存。
campaigns-saved-festival-campaign = 节日活动已保存。
campaigns-saved-festival = 节日已保存。
campaigns-saved-festival-date = 节日日期已保存。
campaigns-saved = { $what } 已保存。
campaigns-run-log = 运行记录
campaigns-shortfall = WhatsApp BI 点数不足：未来 30 天内还需 { $count } 点才能发送给所有人。
campaigns-preview-draft = 这些设置的费用预估（尚未保存）
campaigns-preview-saved = 已保存设置的费用预估
campaigns-preview-label = 费用预估
campaigns-reach = 未来 30 天内可触达的顾客
campaigns-credits-needed = 所需 BI 点数
campaigns-opted-out = 已退订（不会发送）
campaigns-no-consent = 未同意接收优惠（不会发送）
campaigns-choose-batch = 选择批次
campaigns-birthday = 生日
campaigns-birthday-on = 开启生日活动
campaigns-days-before-birthday = 生日前天数
campaigns-days-after-birthday = 生日后天数
campaigns-birthday-batch = 生日优惠券批次
campaigns-birthday-message = 生日消息
campaigns-recall = 不活跃顾客回访
campaigns-recall-on = 开启回访活动
campaigns-recall-days = 未回店天数
campaigns-recall-batch = 回访优惠券批次
campaigns-recall-message = 回访消息
campaigns-quiet-hours = 免打扰时段（夜间不发送消息）
campaigns-quiet-from = 从
campaigns-quiet-until = 至
campaigns-timezone = 时区（留空：使用您平台的时区）
campaigns-preview-cost = 预估费用
campaigns-save-settings = 保存设置
campaigns-festivals = 节日
campaigns-festival = 节日
campaigns-next-date = 下一个日期
campaigns-your-campaign = 您的活动
campaigns-every = 每年 { $date }
campaigns-no-date = 尚无日期
campaigns-festival-form = { $name }活动
campaigns-on = 开启
campaigns-batch = 批次
campaigns-message = 消息
campaigns-days-before = 提前天数
campaigns-date-of = { $name }的日期
campaigns-date = 日期
campaigns-set-date = 设定日期
campaigns-calendar = 节日日历
campaigns-country = 国家
campaigns-dates = 日期
campaigns-date-for-year = 某年的日期
campaigns-add-festival-label = 添加节日
campaigns-country-code = 国家代码
campaigns-name = 名称
campaigns-fixed-day = 每年同一天（月-日，否则留空并设定日期）
campaigns-add-festival = 添加节日
campaigns-no-runs = 尚无活动运行。
campaigns-skipped = { $opted } 已退订，{ $consent } 未同意，{ $already } 已发送过，{ $credits } 点数不足，{ $exhausted } 批次已用完
campaigns-outcome = { $sent } 已发送，{ $delivered } 已送达，{ $failed } 失败
campaigns-col-started = 开始时间（UTC）
campaigns-col-merchant = 商家
campaigns-col-campaign = 活动
campaigns-col-local-day = 当地日期
campaigns-col-status = 状态
campaigns-col-selected = 选中
campaigns-col-queued = 排队中
campaigns-col-skipped = 跳过
campaigns-col-outcomes = 结果
campaigns-col-note = 备注
campaigns-kind-birthday = 生日
campaigns-kind-recall = 不活跃顾客回访
campaigns-kind-festival = 节日
campaigns-status-running = 运行中
campaigns-status-done = 已完成
campaigns-status-stopped = 已停止

## WhatsApp (/dashboard/whatsapp)
whatsapp-no-credits = 过去 7 天有 { $count } 条 WhatsApp 消息因点数不足而未发送。
whatsapp-buy-credits = 购买点数
whatsapp-older = 更早的消息 →
whatsapp-nothing-sent = 尚未发送任何消息。
whatsapp-sandbox-phone = 沙盒手机
whatsapp-sandbox-lead = 沙盒发送器会把每条消息记录在这里而不实际发送，并模拟真实的送达状态。
whatsapp-last-30-days = 最近 30 天
whatsapp-col-who = 对象
whatsapp-col-ui-sent = UI 已发送
whatsapp-col-ui-failed = UI 失败
whatsapp-col-bi-sent = BI 已发送
whatsapp-col-bi-failed = BI 失败
whatsapp-col-credits-used = 已用点数
whatsapp-col-day = 日期
whatsapp-col-class = 类别
whatsapp-col-sent = 已发送
whatsapp-col-failed = 失败
whatsapp-col-pending = 待处理
whatsapp-messages = 消息
whatsapp-col-status = 状态
whatsapp-filter-all = 全部
whatsapp-filter-queued = 排队中
whatsapp-filter-sent = 已发送
whatsapp-filter-delivered = 已送达
whatsapp-filter-read = 已读
whatsapp-filter-failed = 失败
whatsapp-filter-both = 两者
whatsapp-filter-ui = 用户发起
whatsapp-filter-bi = 商家发起
whatsapp-filter = 筛选
whatsapp-download-csv = 下载 CSV
whatsapp-col-time = 时间
whatsapp-col-merchant = 商家
whatsapp-col-to = 收件人
whatsapp-col-trigger = 触发来源
whatsapp-col-credits = 点数
whatsapp-col-attempts = 尝试次数
whatsapp-col-last-error = 最后错误
whatsapp-coupon-image = 优惠券图片
# A message's stored status, as the log table shows it.
whatsapp-status-queued = 排队中
whatsapp-status-sent = 已发送
whatsapp-status-failed = 失败
whatsapp-status-delivered = 已送达
whatsapp-status-read = 已读
# What sent a message.
whatsapp-trigger-homepage-claim = 首页领取
whatsapp-trigger-in-store-claim = 店内领取
whatsapp-trigger-lucky-draw-win = 幸运抽奖中奖
whatsapp-trigger-customer-reply = 顾客回复
whatsapp-trigger-birthday = 生日
whatsapp-trigger-inactive-recall = 不活跃回访
whatsapp-trigger-festival = 节日
whatsapp-trigger-scheduled-broadcast = 定时广播

## Ads (/dashboard/ads)
ads-paid = 已收到付款。您的广告正在等待审核。
ads-duration-price = { $days } 天：{ $price }
ads-pay-note-wallet = 您自己的广告只需支付平台成本，直接从您的代理钱包扣款。
ads-pay-note-checkout = 您在结账时付款；之后广告等待审核。被拒绝的广告将全额退款。
ads-buy-from-wallet = 用钱包购买
ads-buy-and-pay = 购买并付款
ads-none = 尚无广告。
ads-buy = 购买广告
ads-title = 标题
ads-type = 广告类型
ads-type-banner = 横幅（图片）
ads-type-video = 视频（MP4 或 WebM，最长 30 秒，20 MB）
ads-creative = 横幅图片或视频
ads-duration = 时长
ads-start-date = 开始日期
ads-link = 链接
ads-country = 国家（两个字母，留空表示所有地区）
ads-cities = 城市（以逗号分隔，留空表示全国）
ads-mine = 我的广告
ads-banner-alt = 横幅：{ $title }
ads-video-label = 视频：{ $title }
ads-history = { $state }：{ $at }
ads-history-by = { $state }：{ $at }，操作人 { $by }
ads-history-label = 历史记录
ads-refunded = 已全额退款：{ $amount }。
ads-refund-pending = 退款正在处理中。
ads-rejected-reason = 已拒绝：{ $reason }
ads-col-day = 日期（UTC）
ads-col-impressions = 展示次数
ads-col-clicks = 点击次数
ads-total = 合计
ads-status = 状态
ads-advertiser = 广告主
ads-kind = 类型
ads-kind-banner = 横幅
ads-kind-video = 视频
ads-runs = 投放期
ads-runs-span = { $from } 至 { $to }（{ $days } 天）
ads-shown-to = 投放对象
ads-everywhere = 所有地区
ads-price = 价格
ads-state-pending-payment = 等待付款
ads-state-pending = 等待审核
ads-state-approved = 已批准
ads-state-rejected = 已拒绝
ads-state-expired = 已到期

## Ad approvals (/dashboard/ad-approvals)
adapprove-approved = 广告已批准，将从开始日期起投放。
adapprove-rejected = 广告已拒绝。款项已退还，广告主会看到您填写的原因。
adapprove-empty = 没有待审核的广告。
adapprove-ad-label = 广告：{ $title }
adapprove-approve = 批准
adapprove-reason = 拒绝原因
adapprove-reject = 拒绝

## Support (/dashboard/support)
support-title = 客服
support-conversation = 客服对话
support-nothing-unread = 没有未读消息。
support-no-messages = 尚无消息。
support-older = 更早的对话 →
support-own = 您给平台的消息
support-new-reply = 新回复
support-open = 打开
support-filter = 筛选
support-all = 全部
support-unread-tab = 未读（{ $count }）
support-col-from = 发件人
support-col-role = 身份
support-col-last-message = 最新消息
support-col-time = 时间
support-unread-title = 未读
support-unread-sr = 未读
support-from = { $name } 客服
support-thread-empty = 尚无消息。请在下方留言，我们会在这里回复。
support-attached-image = 附件图片
support-read = 已读
support-back-inbox = ← 收件箱
support-message = 消息
support-image = 图片（可选：PNG、JPEG 或 WebP，最大 5 MB）
support-send = 发送
support-role-agent = 代理
support-role-merchant = 商家
support-role-temporary-merchant = 临时商家

## WhatsApp message templates as registered with Meta (our copy, for the sandbox phone)
wa-tpl-coupon_claimed = { $p1 }您好，这是您的优惠券：{ $p2 }。编号 { $p3 }。点此打开：{ $p4 }
wa-tpl-campaign_coupon = { $p1 }您好，{ $p2 } 您的优惠券编号：{ $p3 }

## The wheel, in the browser
wheel-unreachable = 无法连接服务器，请重试。
wheel-failed = 转盘无法转动，请重试。

## Statements (PDF contents)
statement-title-merchant = 商家对账单
statement-title-agent = 代理对账单
statement-title-platform = 平台对账单
statement-period = { $from }至{ $to }
statement-date = { $year }年{ $monthnum }月{ $day }日
statement-month-1 = 1月
statement-month-2 = 2月
statement-month-3 = 3月
statement-month-4 = 4月
statement-month-5 = 5月
statement-month-6 = 6月
statement-month-7 = 7月
statement-month-8 = 8月
statement-month-9 = 9月
statement-month-10 = 10月
statement-month-11 = 11月
statement-month-12 = 12月
statement-period-line = 期间：{ $period }（{ $timezone }）
statement-date-line = 对账单日期：{ $date }
statement-currency-line = 货币：{ $currency }
# A credit type's short name
statement-credit-coupon = 优惠券
statement-credit-wa-ui = WhatsApp UI
statement-credit-wa-bi = WhatsApp BI
statement-credit-money = 金额
# Ledger actions
statement-action-purchase = 购买
statement-action-deduct = 扣除
statement-action-refund = 退还
statement-action-adjustment = 调整
# A wallet's heading (other: an unknown credit type, shown as "?")
statement-wallet-coupon = 优惠券点数
statement-wallet-wa-ui = WhatsApp UI 点数
statement-wallet-wa-bi = WhatsApp BI 点数
statement-wallet-money = 资金钱包
statement-wallet-other = { $type } 点数
statement-opening-balance = 期初余额
statement-lines-this-month = 本月记录数
statement-closing-balance = 期末余额
statement-col-date = 日期
statement-col-description = 说明
statement-col-action = 操作
statement-col-amount = 数额
statement-col-balance = 余额
statement-col-owner = 所有者
statement-col-type = 类型
# Merchant statement
statement-coupons = 优惠券
statement-coupons-generated = 已生成优惠券
statement-coupons-taken = 已领取优惠券
statement-coupons-redeemed = 已兑换优惠券
statement-coupons-expired-refunded = 已到期且从未被领取：已退还
statement-col-messages = 消息
statement-col-sent = 已发送
statement-col-failed = 失败
statement-col-credits-used = 已用点数
statement-wa-ui = 用户发起（UI）
statement-wa-bi = 商家发起（BI）
statement-ads = 广告
statement-ads-bought = 已购买广告
statement-ads-paid = 广告付款
statement-ads-refunded = 被拒广告退款
statement-ad-impressions = 广告展示次数
statement-ad-clicks = 广告点击次数
# Agent statement
statement-summary = 摘要
statement-new-merchants = 新商家
statement-annual-fee-income = 年费收入
statement-package-income = 套餐收入
statement-ad-income = 广告收入（扣除退款）
statement-costs-deducted = 从钱包扣除的平台成本
statement-net-profit = 净利润（收入减已扣成本）
statement-wallet-opening = 钱包期初余额
statement-wallet-closing = 钱包期末余额
# Platform statement
statement-platform-revenue = 平台收入
statement-col-currency = 货币
statement-col-paid-to-platform = 支付给平台
statement-col-costs-from-agents = 来自代理的平台成本
statement-col-total-revenue = 总收入
statement-wa-ui-sent = 已发送的 WhatsApp UI 消息
statement-wa-bi-sent = 已发送的 WhatsApp BI 消息
statement-ad-revenue = 主平台广告收入（扣除退款）
statement-by-country = 按国家分布
statement-col-country = 国家
statement-col-merchants = 商家
statement-col-new-this-month = 本月新增
statement-col-wa-sent = 已发送 WhatsApp
statement-top-agents-merchants = 商家数最多的代理
statement-top-agents-revenue = 收入最高的代理
statement-col-agent = 代理
statement-col-revenue-this-month = 本月收入
statement-ledger-overview = 账本概览
statement-col-credit-type = 点数类型
statement-col-opening-all = 期初（所有钱包）
statement-col-movements = 变动
statement-col-closing-all = 期末（所有钱包）
statement-minor-units = 金额以各代理货币的最小单位计。
statement-col-lines = 记录数
statement-col-total = 合计
# $lines: the count, already written with its grouping (12,345)
statement-appendix-note = 附录列出本月全部 { $lines } 条账本记录。
statement-appendix-title = 附录：本月所有账本记录

## More field and message names (AppError::invalid)
# zh-Hans: more field names (field-<slug>) and field errors (invalid-<slug>) for
# AppError::invalid("Field", "message"); each key is the slug of its English text.

## Form field names (field-<slug of the English name>)
field-confirmation = 确认
field-language = 语言
field-ad = 广告
field-provider = 提供方
field-domain = 域名
field-event = 事件
field-description = 说明
field-credit-type = 点数类型
field-idempotency-key = 幂等键
field-reason = 原因
field-company-name = 公司名称
field-membership = 会员资格
field-city = 城市
field-permissions = 权限
field-account = 账户
field-month = 月份
field-dedupe-key = 去重键
field-message = 消息
field-image = 图片
field-caption = 说明文字
field-header-image = 标题图片
field-template-parameters = 模板参数
field-ad-type = 广告类型
field-duration = 时长
field-cities = 城市
field-link = 链接
field-start-date = 开始日期
field-video = 视频
field-price = 价格
field-platform-cost = 平台成本
field-currency = 货币
field-webhook-secret = Webhook 密钥
field-creative = 广告素材

## What is wrong with a field (invalid-<slug of the English text, 60 chars at most>)
invalid-must-be-an-amount-like-500-or-500-00 = 必须是金额，如 500 或 500.00
invalid-must-be-more-than-zero = 必须大于零
invalid-tick-the-box-to-confirm-the-customer-asked-for-erasure = 请勾选方框，确认顾客已要求删除资料
invalid-must-be-en-ms-or-zh-hans = 必须是 en、ms 或 zh-Hans
invalid-is-not-a-number = 不是数字
invalid-is-already-paid = 已付款
invalid-must-be-a-whole-number-of-cents-at-least-1 = 必须是以分为单位的整数，至少为 1
invalid-must-be-sandbox-or-stripe = 必须是 sandbox 或 stripe
invalid-enter-a-name-like-deals-example-com-without-http-or-a-port = 请输入如 deals.example.com 的名称，不含 http:// 或端口
invalid-must-be-a-domain-name-like-deals-example-com = 必须是域名，如 deals.example.com
invalid-belongs-to-this-platform-enter-your-own-domain = 属于本平台；请输入您自己的域名
invalid-a-site-may-have-at-most-10-domains = 每个网站最多可有 10 个域名
invalid-must-be-1-to-120-characters = 必须为 1 至 120 个字符
invalid-is-already-used-by-another-account-here = 已被此处的另一个账户使用
invalid-must-be-a-two-letter-code-like-my = 必须是两个字母的代码，如 MY
invalid-must-be-1-to-80-characters = 必须为 1 至 80 个字符
invalid-is-already-in-this-country-s-calendar = 已在该国家的日历中
invalid-must-be-between-2000-and-2200 = 必须在 2000 至 2200 之间
invalid-no-client-reference-id = 缺少 client_reference_id
invalid-amount-or-currency-does-not-match-the-payment = 金额或货币与付款不符
invalid-has-no-card-payment-waiting = 没有待处理的银行卡付款
invalid-must-be-1-to-300-characters = 必须为 1 至 300 个字符
invalid-does-not-belong-to-this-kind-of-owner = 不适用于此类所有者
invalid-must-be-1-to-200-characters = 必须为 1 至 200 个字符
invalid-merchants-hold-coupon-wa-ui-and-wa-bi-credits = 商家持有 coupon、wa_ui 和 wa_bi 点数
invalid-must-be-a-whole-number-like-50-or-20-not-zero = 必须是整数，如 50 或 -20，不能为零
invalid-must-be-3-to-250-characters = 必须为 3 至 250 个字符
invalid-choose-annual-or-temporary = 请选择年费或临时
invalid-packages-sell-coupon-wa-ui-or-wa-bi-credits = 套餐出售 coupon、wa_ui 或 wa_bi 点数
invalid-temporary-merchant-packages-sell-whatsapp-ui-credits-only = 临时商家套餐只出售 WhatsApp UI 点数
invalid-you-cannot-remove-super-admin-from-your-own-account-ask-anot = 您不能移除自己账户的超级管理员权限；请另一位超级管理员处理
invalid-you-cannot-disable-your-own-account = 您不能停用自己的账户
invalid-is-out-of-range = 超出范围
invalid-this-page-link-is-not-valid-go-back-to-the-inbox = 此页面链接无效；请返回信箱
invalid-is-not-offered-to-you-choose-another = 不向您提供；请另选一个
invalid-must-be-1-to-4096-characters = 必须为 1 至 4096 个字符
invalid-give-either-a-public-http-s-link-or-an-uploaded-media-id = 请提供公开的 http(s) 链接或已上传的媒体 ID
invalid-must-be-at-most-1024-characters = 最多 1024 个字符
invalid-name-is-lower-case-letters-digits-and-underscores = 名称只能包含小写字母、数字和下划线
invalid-must-be-a-code-like-en-or-en-us = 必须是代码，如 en 或 en_US
invalid-must-be-an-http-s-link = 必须是 http(s) 链接
invalid-at-most-20-none-empty = 最多 20 个，且均不能为空
invalid-must-be-banner-or-video = 必须是横幅或视频
invalid-must-be-7-14-or-30-days = 必须是 7、14 或 30 天
invalid-a-city-name-is-too-long = 有城市名称过长
invalid-choose-the-country-first = 请先选择国家
invalid-must-be-a-two-letter-country-code-e-g-my = 必须是两个字母的国家代码，例如 MY
invalid-must-start-with-http-or-https = 必须以 http:// 或 https:// 开头
invalid-must-name-a-web-site = 必须指明网站
invalid-is-not-a-valid-web-address = 不是有效的网址
invalid-must-be-a-date-like-2026-12-01 = 必须是日期，如 2026-12-01
invalid-cannot-be-in-the-past = 不能是过去的日期
invalid-tell-the-advertiser-why = 请告诉广告主原因
invalid-at-most-500-characters = 最多 500 个字符
invalid-the-file-is-empty = 文件为空
invalid-the-mp4-file-has-no-readable-duration = MP4 文件没有可读取的时长
invalid-the-webm-file-does-not-state-its-length = WebM 文件未注明其时长
invalid-must-be-an-mp4-or-webm-file = 必须是 MP4 或 WebM 文件
invalid-must-not-be-negative = 不能为负数
invalid-must-not-be-more-than-the-price-the-agent-s-profit-would-be = 不能高于价格（否则代理的利润将为负数）
invalid-must-be-a-whole-number-of-cents = 必须是以分为单位的整数
invalid-must-be-a-three-letter-code-like-myr = 必须是三个字母的代码，如 MYR
invalid-does-not-look-like-a-stripe-webhook-signing-secret-whsec = 看起来不像 Stripe webhook 签名密钥（whsec_…）
invalid-write-a-message-or-attach-an-image = 请输入消息或附上图片
invalid-could-not-be-read-try-again = 无法读取；请重试
invalid-send-it-from-the-ads-page = 请从广告页面提交
invalid-choose-a-banner-image-or-a-video = 请选择横幅图片或视频
invalid-send-it-from-the-approval-queue = 请从审核队列提交
invalid-the-file-could-not-be-received-over-8-mb = 无法接收文件（超过 8 MB？）
invalid-send-it-from-the-new-batch-page = 请从新建批次页面提交
invalid-pick-a-template-or-upload-your-own-design = 请选择模板或上传您自己的设计
invalid-send-it-from-the-template-library-page = 请从模板库页面提交
invalid-choose-an-image-file = 请选择图片文件
invalid-the-form-could-not-be-read-try-again = 无法读取表单；请重试
invalid-the-file-could-not-be-received-over-5-mb = 无法接收文件（超过 5 MB？）
invalid-send-the-form-from-the-support-page = 请从客服页面提交表单

## The server's own plain pages
page-not-found = 未找到
page-no-site = 此地址没有网站。
page-refused = 请求被拒绝
page-cross-site = 表格只能从本网站的页面提交。
page-unavailable = 暂时无法使用
page-try-again = 请稍后再试。
page-link-not-available = 链接不可用
page-not-available = 不可用
page-payment-failed = 付款失败
page-stripe-off = 此处未设置 Stripe。
page-cannot-send = 无法发送
page-log-in = 请登录
page-log-in-image = 登录后即可查看此图片。
page-cannot-export = 无法导出
page-log-in-ledger = 登录后即可下载账本。
page-went-wrong = 出了点问题
invalid-is-not-one-of-your-coupon-batches = 不是您的优惠券批次
invalid-is-not-one-of-your-current-batches = 不是您当前的批次

## Field names and messages with numbers in them (the numbers are $n1, $n2…)
field-segment-n-label = 第 { $n1 } 段标签
field-segment-n-weight = 第 { $n1 } 段权重
field-segment-n-stock = 第 { $n1 } 段库存
field-segment-n-batch = 第 { $n1 } 段批次
invalid-must-be-a-whole-number-of-days-from-n-to-n = 须为 { $n1 } 至 { $n2 } 之间的整数天数
invalid-at-most-n-seconds-long = 最长 { $n1 } 秒
invalid-you-already-keep-n-designs-the-most-allowed-pick-one-of-them = 您已保存 { $n1 } 个设计，已达上限；请从中选择一个
invalid-must-be-between-n-and-n = 须介于 { $n1 } 与 { $n2 } 之间
invalid-must-be-at-most-n-characters = 最多 { $n1 } 个字符
invalid-must-be-a-whole-number-from-n-to-n = 须为 { $n1 } 至 { $n2 } 的整数
invalid-must-be-n-to-n-characters = 须为 { $n1 } 至 { $n2 } 个字符
invalid-may-be-at-most-n-characters = 最多 { $n1 } 个字符
invalid-is-longer-than-n-characters = 超过 { $n1 } 个字符
invalid-needs-at-least-n-characters = 至少需要 { $n1 } 个字符
invalid-has-only-n-coupons-left-fewer-than-the-stock-of-n = 仅剩 { $n1 } 张优惠券，少于库存 { $n2 }
invalid-at-most-n-mb = 最大 { $n1 } MB
invalid-at-most-n-cities = 最多 { $n1 } 个城市
invalid-a-wheel-has-n-to-n-segments = 转盘须有 { $n1 } 至 { $n2 } 段
