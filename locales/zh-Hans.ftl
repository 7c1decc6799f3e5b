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
