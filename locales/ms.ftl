# Bahasa Melayu. Same keys as en.ftl.

## Dates and numbers
date-format = { $day } { $month } { $year }
month-short-1 = Jan
month-short-2 = Feb
month-short-3 = Mac
month-short-4 = Apr
month-short-5 = Mei
month-short-6 = Jun
month-short-7 = Jul
month-short-8 = Ogo
month-short-9 = Sep
month-short-10 = Okt
month-short-11 = Nov
month-short-12 = Dis

## The language switch
lang-switch = Bahasa
lang-saved = Bahasa telah ditukar.
lang-bad = Pilih English, Bahasa Melayu atau 中文.

## Site frame
site-dashboard = Papan pemuka
site-sign-up = Daftar
site-log-in = Log masuk
site-log-out = Log keluar
site-your-data = Data anda
site-nav = Laman
site-loading = Memuatkan…

## Coupon center
center-left = Tinggal { $count }
center-get-coupon-for = Dapatkan Kupon: { $title }

## Common words (any page may use these)
common-save = Simpan
common-cancel = Batal
common-delete = Padam
common-edit = Sunting
common-yes = Ya
common-no = Tidak
common-none = Tiada
common-back = Kembali
common-previous = Sebelumnya
common-next = Seterusnya
common-search = Cari
common-download = Muat turun
common-close = Tutup
claim-get-coupon = Dapatkan Kupon

## Dashboard menu (section-<slug>)
section-overview = Gambaran keseluruhan
section-credits = Kredit
section-ledger = Lejar
section-packages = Pakej kredit
section-coupons = Kupon
section-templates = Pustaka templat
section-lucky-draw = Cabutan bertuah
section-whatsapp = WhatsApp
section-campaigns = Kempen
section-customers = Pelanggan
section-merchants = Peniaga
section-agents = Ejen
section-pricing = Harga
section-payment-settings = Tetapan pembayaran
section-agent-wallet = Dompet ejen
section-site = Laman & domain
section-ads = Iklan
section-ad-approvals = Kelulusan iklan
section-statements = Penyata
section-support = Peti sokongan
section-staff = Kakitangan

## Balances (credit-remaining-<type>)
credit-remaining-coupon = Baki Kredit Kupon
credit-remaining-wa_ui = Baki Kredit WhatsApp UI
credit-remaining-wa_bi = Baki Kredit WhatsApp BI
credit-remaining-money = Baki Dompet

## Coupon categories (category-<code>)
category-restaurant = Restoran
category-cafe = Kafe & minuman
category-clothing = Pakaian & fesyen
category-beauty = Kecantikan & kesihatan
category-groceries = Barangan runcit
category-electronics = Elektronik
category-entertainment = Hiburan
category-travel = Pelancongan & hotel
category-services = Perkhidmatan
category-other = Lain-lain

## Coupon center order (sort-<name>)
sort-popular = Paling popular
sort-expiring = Hampir tamat
sort-newest = Terbaru

## Where a claim came from (source-<name>)
source-homepage = Laman utama
source-in_store = Di kedai
source-lucky_draw = Cabutan bertuah
source-birthday = Kempen hari jadi
source-recall = Kempen panggil semula
source-festival = Kempen perayaan
