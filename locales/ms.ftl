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

## Statements (PDF)
statement-page-of = Halaman { $n } daripada { $total }
statement-no-lines = Tiada baris.

## Claim form (server side)
claim-form-incomplete = Borang tidak lengkap.

## Coupon PDFs
coupon-pdf-valid = Sah { $from } hingga { $until }
coupon-pdf-redeem-hint = Tunjukkan kod ini untuk menebus

# public-a: coupon center, claim page, claimed coupon, store page, poster, proof page, Share.

## Coupon center
center-title = Pusat kupon
center-hero = Kupon daripada { $brand }
center-intro = Dapatkan kupon dengan nama, nombor telefon dan tarikh lahir anda, dan gunakannya di kedai.
center-ad = Iklan
center-coupons = Kupon
center-country = Negara
center-city = Bandar / wilayah
center-category = Kategori
center-sort = Susunan
center-any-country = Semua negara
center-any-city = Semua bandar
center-any-category = Semua kategori
center-search-hint = Peniaga atau tawaran
center-show = Tunjukkan kupon
center-none = Tiada kupon yang sepadan. Cuba kurangkan penapis.
center-pages = Halaman
center-where = Lokasi
center-valid-until = Sah sehingga
center-left-label = Tinggal

## Claim page and claimed coupon
claim-unavailable-title = Kupon tidak tersedia
claim-unavailable = Kupon ini tidak boleh dituntut lagi: tempohnya telah tamat atau semuanya telah diambil.
claim-see-others = Lihat kupon lain
claim-welcome-back = Selamat kembali: butiran anda telah diisi. Semak butiran itu dan dapatkan kupon anda.
# Around the masked name (shown in bold between the two).
claim-known-as = Nombor ini dikenali sebagai{" "}
claim-known-as-after = {"."} Jika ini nombor anda, buka pautan dalam mesej WhatsApp kedai ini pada peranti ini supaya butiran anda diisi di sini. Atau masukkan nama dan tarikh lahir anda: ia hanya disimpan bersama kupon ini.
claim-new-here = Baru di sini? Masukkan nama dan tarikh lahir anda.
claim-valid-left = Sah sehingga { $date } · Tinggal { $count }
claim-phone = Telefon
claim-look-up = Semak
claim-name = Nama
claim-birthday = Tarikh lahir
# STOP is the reply keyword the system recognises: keep it as is.
claim-consent = Hantar tawaran daripada { $merchant } kepada saya melalui WhatsApp: kupon hari jadi, kunjungan semula dan perayaan. Balas STOP pada bila-bila masa untuk berhenti menerimanya.
claim-whatsapp-hint = Kupon anda sendiri dihantar melalui WhatsApp jika kedai ini menghantar kupon dengan cara itu.
claim-more-from = Lagi daripada { $merchant }
claim-whatsapp-off = Peniaga ini tidak menghantar kupon melalui WhatsApp: simpan halaman ini atau catat nombor sirinya.
claim-whatsapp-queued = Kupon anda sedang dihantar kepada anda melalui WhatsApp.
claim-whatsapp-not-sent = Tidak dihantar melalui WhatsApp ({ $reason }): simpan halaman ini atau catat nombor sirinya.
claim-spin-wheel = Putar roda cabutan bertuah
claim-your-coupon = Kupon anda
claim-serial = Nombor siri
claim-offer = Tawaran
claim-show-qr = Tunjukkan kod QR ini di kaunter untuk menggunakan kupon anda.
claim-more-coupons = Lagi kupon
claim-qr-label = Kod QR kupon

## Store page and poster
store-title = Kedai
store-pitch = { $count } kupon di sini, seperti { $title }
store-lead = Kupon yang boleh anda dapatkan di kedai ini.
store-none = Tiada kupon buat masa ini. Tanya di kaunter.
store-qr-label = Kod QR kedai
poster-title = Poster kedai
poster-call = Imbas untuk mendapatkan kupon anda
poster-open-store = Buka halaman kedai
poster-print = {" "}· Cetak halaman ini (Ctrl+P) untuk ditampal.

## Proof page (the link in the coupon's WhatsApp message)
proof-error-used = Pautan ini telah digunakan pada peranti lain.
proof-error-expired = Pautan ini telah tamat tempoh.
proof-error-failed = Peranti ini tidak dapat diingati. Sila cuba lagi.
proof-remembered = Peranti ini diingati: borang tuntutan akan mengisi butiran anda di sini.{" "}
proof-see-data = Lihat data anda yang disimpan oleh kedai
proof-ask = Adakah ini telefon anda atau peranti yang anda gunakan? Ingati peranti ini, dan borang tuntutan akan mengisi nama dan tarikh lahir anda padanya lain kali.
proof-remember = Ingati peranti ini
proof-used = Pautan ini telah mengingati satu peranti. Kupon anda masih boleh digunakan.
proof-expired = Pautan ini tidak lagi boleh mengingati peranti. Kupon anda masih boleh digunakan.

## Share button
share-button = Kongsi
share-copied = Pautan disalin.
share-copy = Salin pautan ini:

# public-b: wheel, verify, my data, not found, login, sign up, dashboard frame (Bahasa Melayu).

## Lucky-draw wheel
wheel-title = Cabutan bertuah
wheel-none = Kedai ini tiada roda cabutan bertuah buat masa ini.
wheel-none-left = sudah habis
wheel-odds-line = { $label }: { $odds }
wheel-lead-claim-or-store = Putar selepas mendapat kupon atau melalui pautan kedai, { $count } kali sehari. Hadiah dicabut apabila anda menekan Putar.
wheel-lead-claim = Putar selepas mendapat salah satu kupon kedai ini, { $count } kali sehari. Hadiah dicabut apabila anda menekan Putar.
wheel-lead-store = Putar melalui pautan kedai, { $count } kali sehari. Hadiah dicabut apabila anda menekan Putar.
wheel-heading = Cabutan bertuah { $merchant }
wheel-aria = Roda hadiah dengan { $count } bahagian
wheel-spin = Putar
wheel-needs-js = Memutar roda memerlukan JavaScript.
wheel-odds = Peluang
wheel-won = Anda menang: { $label }
wheel-stopped = Roda berhenti pada: { $label }

## Coupon check (QR link)
verify-title = Kupon
verify-genuine = Kupon tulen
verify-not-genuine = Bukan kupon tulen
verify-issued = Kupon { $serial } dikeluarkan melalui laman ini.
verify-merchants-before = Peniaga:{" "}
verify-log-in = log masuk
verify-merchants-after = {" "}untuk menebusnya.
verify-altered = Kod ini tidak dikeluarkan oleh laman ini atau telah diubah.
verify-claimed = Dituntut { $when }
verify-serial = No. siri
verify-valid-until = Sah sehingga
verify-customer = Pelanggan
verify-redeem = Tebus
verify-cannot-redeem = Tidak boleh ditebus

## Your data
mydata-unproven = Peranti ini belum menunjukkan bahawa ia memegang telefon anda. Buka pautan dalam mesej WhatsApp yang membawa kupon anda, tekan "Ingati peranti ini", dan data anda akan dipaparkan di sini.
mydata-never-shown = Kami tidak sekali-kali menunjukkan data yang disimpan oleh kedai tentang sesuatu nombor telefon kepada sesiapa yang hanya menaipnya.
mydata-lead = Apa yang disimpan oleh kedai di laman ini tentang anda. Minta kedai memadamnya dan mereka akan memadamnya dari papan pemuka mereka; rekod kupon anda kekal tanpa nama atau nombor anda.
mydata-details = Butiran anda
mydata-name = Nama
mydata-phone = Telefon
mydata-birthday = Tarikh lahir
mydata-first-coupon = Kupon pertama
mydata-save = Simpan pembetulan
mydata-forget-hint = Menggunakan peranti yang dikongsi atau dipinjam? Lupakannya: borang tuntutan tidak lagi mengisi butiran anda di sini.
mydata-forget = Lupakan peranti ini
mydata-stop-offers = Hentikan tawaran daripada { $merchant }
mydata-agreed = Pada { $date } anda bersetuju: “{ $text }”
mydata-withdrawn = Anda menghentikan tawaran pada { $date }. Hanya kupon yang anda minta akan dihantar.
mydata-consent-none = Anda belum bersetuju menerima tawaran daripada kedai ini. Hanya kupon yang anda minta akan dihantar.
mydata-stopped = Anda telah membalas STOP kepada mesej kedai ini: ia tidak menghantar tawaran kepada anda.
mydata-status-available = tersedia
mydata-status-taken = dituntut
mydata-status-redeemed = ditebus
mydata-status-expired = tamat tempoh
mydata-claim-line = { $serial } · dituntut { $date } · { $status }
mydata-messages = Mesej WhatsApp yang dihantar kepada anda: { $count }

## Page not found
notfound-title = Halaman tidak dijumpai
notfound-text = Tiada apa-apa di alamat ini.
notfound-home = Pergi ke halaman utama

## Log in
login-invalid = E-mel atau kata laluan tidak betul.
login-input = Masukkan alamat e-mel yang sah dan kata laluan anda.
login-disabled = Akaun ini telah dinyahaktifkan. Hubungi pentadbir anda.
login-throttled = Terlalu banyak percubaan. Cuba lagi dalam { $seconds } saat.
login-few-hundred = beberapa ratus
login-expired = Sesi anda telah tamat. Sila log masuk semula.
login-failed = Berlaku masalah di pihak kami. Sila cuba lagi.
login-heading = Log masuk ke { $brand }
login-signed-in-as = Anda telah log masuk sebagai { $name }.
login-open-dashboard = Buka papan pemuka anda
login-logged-out = Anda telah log keluar.
login-email = E-mel
login-password = Kata laluan

## Sign up
signup-annual-fee = Peniaga tahunan: { $fee } setahun, semua ciri.
signup-annual = Peniaga tahunan: yuran tahunan, semua ciri.
signup-temporary = Peniaga sementara: tiada yuran tahunan, beli pakej WhatsApp mengikut keperluan.
signup-heading = Daftarkan perniagaan anda di { $brand }
signup-membership = Keahlian
signup-company = Nama syarikat
signup-country = Negara (dua huruf)
signup-city = Bandar
signup-your-name = Nama anda
signup-email = E-mel
signup-password = Kata laluan (sekurang-kurangnya 10 aksara)
signup-already = Sudah mendaftar?

## Dashboard frame
frame-not-available = Belum tersedia
frame-soon = akan datang
frame-unread = Perbualan belum dibaca

# Bahasa Melayu. Same keys as errors.en.ftl.

## Errors the server sends (AppError; error-<variant>)
error-not-logged-in = Sila log masuk untuk meneruskan.
error-forbidden = Akaun anda tidak mempunyai akses ke halaman ini.
error-not-found = Tidak dijumpai.
error-invalid-credentials = E-mel atau kata laluan tidak betul.
error-account-disabled = Akaun ini telah dinyahaktifkan. Hubungi pentadbir anda.
error-rate-limited = Terlalu banyak cubaan. Cuba lagi dalam { $seconds } saat.
error-insufficient-credits = Kredit tidak mencukupi: { $balance } tersedia, { $requested } diperlukan.
error-hold-resolved = Tahanan ini sudah { $status }.
error-hold-status-captured = diambil
error-hold-status-released = dilepaskan
error-idempotency-conflict = Permintaan ini sudah dibuat dengan butiran yang berbeza.
error-bad-signature = Tandatangan pemberitahuan pembayaran tidak sah.
error-proof-used = Pautan ini sudah digunakan pada peranti lain. Buka pautan dalam mesej WhatsApp terbaharu daripada kedai, atau tuntut semula pada peranti ini.
error-proof-expired = Pautan ini telah tamat tempoh. Kupon anda masih boleh digunakan; mesej kupon seterusnya akan membawa pautan baharu.
error-sign-up-not-completed = Kami tidak dapat membuat akaun dengan butiran ini. Jika anda sudah mempunyai akaun dengan e-mel ini di sini, log masuk dengan kata laluannya.
error-wrong-currency = Harga ini dalam { $currency }, tetapi laman ini menerima pembayaran dalam { $expected }.
error-message-in-flight = Mesej WhatsApp kepada pelanggan ini masih sedang dihantar. Cuba lagi dalam seminit, selepas ia dihantar.
error-bad-whatsapp-signature = Tandatangan pemberitahuan WhatsApp tidak sah.
# A field's name, then what is wrong with it (field-* and invalid-* below)
error-invalid-input = { $field }: { $message }
error-unknown-coupon = Tiada kupon dengan nombor siri { $serial }.
error-forged-coupon = Kod kupon ini tidak tulen: tandatangannya tidak sepadan.
error-coupon-not-taken = Kupon { $serial } belum diambil oleh mana-mana pelanggan.
error-coupon-already-redeemed = Kupon { $serial } sudah ditebus pada { $when }.
error-coupon-expired = Kupon { $serial } tamat tempoh pada { $when }.
error-coupon-of-another-merchant = Kupon { $serial } milik peniaga lain.
error-membership-inactive = Keahlian anda { $state }: perbaharui atau lengkapkannya untuk membuat kelompok dan kempen baharu.
# The membership states MembershipInactive names (error-membership-state-<state>)
error-membership-state-pending-payment = menunggu pembayaran
error-membership-state-pending-agent-top-up = menunggu tambah nilai ejen
error-membership-state-active = aktif
error-membership-state-expired = tamat tempoh
error-stripe-keys-rejected = Stripe tidak menerima kunci ini: { $reason }
error-payments-not-connected = Pembayaran kad belum disediakan di laman ini. Sila hubungi pemilik laman.
error-domain-taken = Domain ini sudah digunakan oleh laman lain.
error-batch-exhausted = Maaf, tawaran ini sudah habis: semua kuponnya telah dituntut.
error-batch-not-started = Tawaran ini bermula pada { $date }.
error-batch-ended = Tawaran ini berakhir pada { $date }.
error-claim-limit-reached = Nombor telefon ini sudah mempunyai { $limit } kupon bagi tawaran ini, had maksimum yang dibenarkan.
error-spin-not-allowed = Dapatkan salah satu kupon kedai ini dahulu, kemudian anda boleh memutar roda.
error-spin-limit-reached = Anda sudah menggunakan { $count } putaran hari ini. Datang lagi esok!
error-forged-beacon = Pautan iklan ini tidak tulen.
error-internal = Berlaku masalah di pihak kami. Sila cuba lagi.
error-transport = Pelayan tidak dapat dihubungi. Sila cuba lagi.

## The claim form's limits (ClaimThrottle)
error-wait-seconds = { $count } saat
error-wait-minutes = kira-kira { $count } minit
error-throttle-phone = Nombor telefon ini telah menuntut banyak kupon dalam sejam yang lalu. Sila cuba lagi dalam { $wait }.
error-throttle-device = Peranti ini telah membuat banyak tuntutan dalam sejam yang lalu. Sesiapa yang menuntut untuk diri sendiri boleh menggunakan telefon sendiri; jika tidak, sila cuba lagi dalam { $wait }.
error-throttle-address = Banyak kupon baru sahaja dituntut dari rangkaian anda. Sila cuba lagi dalam { $wait }, atau tukar ke data mudah alih.
error-throttle-batch = Tawaran ini sangat sibuk sekarang. Sila cuba lagi dalam { $wait }.

## The error panel's headings
error-heading-log-in = Sila log masuk
error-heading-forbidden = Tidak dibenarkan
error-heading-not-found = Tidak dijumpai
error-heading-slow-down = Perlahan sedikit
error-heading-failed = Berlaku masalah

## Form field names (field-<slug of the English name>)
field-quantity = Kuantiti
field-page = Halaman
field-email = E-mel
field-password = Kata laluan
field-name = Nama
field-birthday = Tarikh lahir
field-phone-number = Nombor telefon
field-date = Tarikh
field-trigger = Pencetus
field-channel = saluran
field-side = pihak
field-coupon-status = Status kupon
field-whatsapp-status = Status WhatsApp
field-days-before = Hari sebelum
field-days-after = Hari selepas
field-birthday-batch = Kelompok hari jadi
field-birthday-message = Mesej hari jadi
field-inactive-days = Hari tidak aktif
field-recall-batch = Kelompok panggil semula
field-recall-message = Mesej panggil semula
field-festival-batch = Kelompok perayaan
field-festival-message = Mesej perayaan
field-quiet-hours = Waktu senyap
field-quiet-hours-start = Mula waktu senyap
field-quiet-hours-end = Tamat waktu senyap
field-prizes = Hadiah
field-spins-per-day = Putaran sehari
field-slug = Slug
field-colour = Warna
field-serial = Nombor siri
field-title = Tajuk
field-offer-details = Butiran tawaran
field-terms = Terma
field-category = Kategori
field-country = Negara
field-city-region = Bandar/wilayah
field-business-type = Jenis perniagaan
field-claim-limit-per-customer = Had tuntutan setiap pelanggan
field-valid-from = Sah dari
field-valid-until = Sah hingga
field-template = Templat
field-amount = Jumlah
field-form = Borang

## What is wrong with a field (invalid-<slug of the English text, 60 chars at most>)
invalid-must-be-at-least-1 = mestilah sekurang-kurangnya 1
invalid-is-larger-than-1-000-000-000-000 = melebihi 1,000,000,000,000
invalid-must-be-a-whole-number = mestilah nombor bulat
invalid-is-not-a-ledger-position = bukan kedudukan lejar yang sah
invalid-enter-your-email-address = masukkan alamat e-mel anda
invalid-is-longer-than-254-characters = melebihi 254 aksara
invalid-must-contain-an = mesti mengandungi @
invalid-is-not-a-valid-address = bukan alamat yang sah
invalid-must-not-contain-spaces = tidak boleh mengandungi ruang kosong
invalid-enter-your-password = masukkan kata laluan anda
invalid-is-longer-than-256-characters = melebihi 256 aksara
invalid-must-be-at-least-10-characters = mestilah sekurang-kurangnya 10 aksara
invalid-is-required = wajib diisi
invalid-may-not-hold-control-characters = tidak boleh mengandungi aksara kawalan
invalid-may-not-be-in-the-future = tidak boleh pada masa hadapan
invalid-is-not-a-valid-phone-number-include-the-country-code-if-it-i = bukan nombor telefon yang sah; sertakan kod negara jika nombor luar negara, cth. +60 12 345 6789
invalid-may-hold-only-digits-spaces-dashes-and-a-leading = hanya boleh mengandungi digit, ruang, sengkang dan + di hadapan
invalid-must-be-in-international-form-with-its-country-code-e-g-60-1 = mestilah dalam format antarabangsa dengan kod negara, cth. +60 12 345 6789
invalid-is-not-a-day-of-the-year = bukan tarikh yang wujud dalam setahun
invalid-must-look-like-1990-04-23 = mesti seperti 1990-04-23
invalid-must-be-a-time-like-21-00 = mestilah masa seperti 21:00
invalid-is-required-to-turn-the-campaign-on = wajib diisi untuk menghidupkan kempen
invalid-choose-a-coupon-batch = pilih satu kelompok kupon
invalid-must-be-times-of-the-day = mestilah waktu dalam sehari
invalid-at-least-one-segment-must-give-a-coupon = sekurang-kurangnya satu segmen mesti memberi kupon
invalid-must-be-3-to-40-characters = mestilah 3 hingga 40 aksara
invalid-may-contain-only-a-z-0-9-and = hanya boleh mengandungi a-z, 0-9 dan -
invalid-must-not-start-or-end-with = tidak boleh bermula atau berakhir dengan -
invalid-must-start-with = mesti bermula dengan #
invalid-must-be-hexadecimal-like-1a7f5a = mestilah heksadesimal, seperti #1a7f5a
invalid-must-be-rgb-or-rrggbb = mestilah #rgb atau #rrggbb
invalid-enter-the-coupon-s-serial = masukkan nombor siri kupon
invalid-does-not-add-up-a-character-was-mistyped-or-two-were-swapped = tidak sepadan: satu aksara tersalah taip atau dua aksara tertukar
invalid-contains-control-characters = mengandungi aksara kawalan
invalid-must-be-a-date-like-2026-12-31 = mestilah tarikh seperti 2026-12-31
invalid-q-is-not-a-date-like-n-n-n = { $q1 } bukan tarikh seperti { $n1 }-{ $n2 }-{ $n3 }
invalid-q-is-not-a-time-zone = { $q1 } bukan zon waktu
invalid-n-n-is-not-over-yet = { $n1 }-{ $n2 } belum berakhir
invalid-unknown-trigger-q = pencetus { $q1 } tidak dikenali
invalid-unknown-channel-q = saluran { $q1 } tidak dikenali
invalid-unknown-side-q = pihak { $q1 } tidak dikenali
invalid-unknown-status-q = status { $q1 } tidak dikenali
invalid-choose-one-of-the-listed-categories = pilih salah satu kategori yang disenaraikan
invalid-must-be-a-two-letter-country-code-like-my = mestilah kod negara dua huruf seperti MY
invalid-is-in-the-past = sudah berlalu
invalid-is-before-the-first-valid-day = lebih awal daripada hari sah pertama
invalid-is-more-than-two-years-after-the-first-valid-day = lebih dua tahun selepas hari sah pertama
invalid-choose-a-template-or-upload-your-own = pilih templat atau muat naik reka bentuk anda sendiri
invalid-is-not-a-template-of-this-site = bukan templat laman ini
invalid-was-incomplete = tidak lengkap
invalid-is-out-of-date-reload-the-page-and-try-again = sudah lapuk; muat semula halaman dan cuba lagi

## Role labels (role-*) and staff permissions (role-permission-*)
role-super-admin = Pentadbir Super
role-platform-staff = Kakitangan platform ({ $permissions })
role-agent = Ejen
role-agent-staff = Kakitangan ejen ({ $permissions })
role-annual-merchant = Peniaga tahunan
role-temporary-merchant = Peniaga sementara
role-no-permissions = tiada kebenaran
role-permission-super-admin = Pentadbir Super
role-permission-support = Sokongan
role-permission-ad-approver = Pelulus Iklan
role-permission-finance-viewer = Pemantau Kewangan

# dash-a: dashboard overview, merchants, agents, staff, site & domains, section pages.

## Overview (/dashboard)
overview-welcome = Selamat datang, { $name }
overview-signed-in-as = Anda log masuk sebagai { $role }.
overview-use-menu = Gunakan menu untuk membuka bahagian yang dibenarkan untuk peranan anda.
overview-waiting = { $count } item berbayar peniaga anda menunggu tambah nilai dompet anda ({ $cost } kos platform).
overview-top-up = Tambah nilai dompet anda
overview-count-merchants = Peniaga
overview-count-active-merchants = Peniaga aktif
overview-count-staff = Akaun kakitangan
overview-count-agents = Ejen
overview-membership = Keahlian:
overview-state-pending-payment = Menunggu pembayaran
overview-state-pending-top-up = Menunggu tambah nilai ejen
overview-state-active = Aktif
overview-state-expired = Tamat tempoh
overview-membership-pending-payment = Bayar yuran tahunan untuk mula membuat kelompok kupon dan kempen.
overview-membership-pending-top-up = Pembayaran anda telah diterima. Keahlian anda bermula sebaik sahaja pemilik laman anda melengkapkannya; tiada apa lagi yang diperlukan daripada anda.
overview-membership-active = Keahlian anda aktif.
overview-membership-pay-as-you-go = Anda membeli pakej WhatsApp mengikut keperluan; tiada yuran tahunan.
overview-membership-expired = Keahlian anda telah tamat tempoh: perbaharuinya untuk membuat kelompok dan kempen baharu. Tiada apa yang anda buat akan hilang.
overview-renews-on = Diperbaharui pada { $date }
overview-pay-annual-fee = Bayar yuran tahunan
overview-renew = Perbaharui keahlian
overview-renew-early = Perbaharui awal
overview-site-language = Bahasa laman
overview-site-language-hint = Untuk pelawat yang belum memilih bahasa dan pelayarnya tidak meminta mana-mana bahasa ini.
overview-site-language-save = Simpan bahasa
overview-site-language-saved = Bahasa laman disimpan.

## Merchants (/dashboard/merchants, /dashboard/merchants/<id>)
merchants-none = Belum ada peniaga.
merchants-company = Syarikat
merchants-type = Jenis
merchants-status = Status
merchants-location = Lokasi
merchants-joined = Tarikh menyertai
merchants-kind-annual = Tahunan
merchants-kind-temporary = Sementara
merchants-status-pending-payment = menunggu pembayaran
merchants-status-pending-agent-topup = menunggu tambah nilai ejen
merchants-status-active = aktif
merchants-status-expired = tamat tempoh
merchant-back = ← Peniaga
merchant-logins = Akaun log masuk

## Agents (/dashboard/agents, /dashboard/agents/<id>)
agents-none = Belum ada ejen.
agents-brand = Jenama
agents-company = Syarikat
agents-merchants = Peniaga
agents-domains = Domain tersuai
agent-back = ← Ejen
agent-subdomain = Subdomain

## Staff (/dashboard/staff)
staff-lead = Perubahan kebenaran berkuat kuasa pada klik seterusnya kakitangan tersebut; menyahdayakan akan melog keluar mereka.
staff-name = Nama
staff-email = E-mel
staff-permissions = Kebenaran
staff-state = Keadaan
staff-add = Tambah kakitangan
staff-password = Kata laluan pertama (sekurang-kurangnya 10 aksara)
staff-enable = Dayakan
staff-disable = Nyahdayakan
staff-active = Aktif
staff-disabled = Dinyahdayakan
staff-perm-super-admin = Pentadbir Super
staff-perm-support = Sokongan
staff-perm-ad-approver = Pelulus Iklan
staff-perm-finance-viewer = Pemerhati Kewangan

## Site & domains (/dashboard/site)
sitecfg-verified = Disahkan: menyajikan laman anda
sitecfg-waiting = Menunggu rekod DNS
sitecfg-proof-help = Buat rekod TXT ini di pembekal DNS anda, kemudian tekan Sahkan (kami juga menyemak setiap beberapa minit):
sitecfg-record-name = Nama
sitecfg-record-value = Nilai
sitecfg-last-checked = Kali terakhir disemak { $time }
sitecfg-verify = Sahkan
sitecfg-remove = Buang
sitecfg-not-found = Rekod TXT belum ditemui. Perubahan DNS boleh mengambil masa untuk muncul; cuba lagi kemudian.
sitecfg-brand-name = Nama jenama
sitecfg-company-name = Nama syarikat
sitecfg-colours = Warna
sitecfg-hosts = Laman anda boleh dicapai di
sitecfg-domains = Domain tersuai
sitecfg-no-domains = Belum ada domain tersuai.
sitecfg-domain = Domain
sitecfg-add-domain = Tambah domain
sitecfg-point-help = Halakan domain ke platform ini (CNAME ke subdomain anda) dan buat rekod TXT yang ditunjukkan; selagi belum disahkan, domain itu tidak menyajikan apa-apa milik anda.

## Section pages (/dashboard/<section>)
section-page-open = Buka { $section }
section-page-pending = { $section } belum tersedia. Ia akan hadir bersama isu #{ $issue }; tiada apa di sini aktif sehingga itu.

# dash-b: kredit, pakej kredit, harga, tetapan pembayaran, dompet ejen, pembayaran sandbox,
# lejar, penyata. Same keys as dash-b.en.ftl.

## Credits (/dashboard/credits)
credits-held = { $count } ditahan untuk mesej dalam giliran
credits-buy = Beli
credits-status-paid = Dibayar
credits-status-awaiting = Menunggu bayaran
credits-paid-notice = Bayaran diterima. Kredit anda telah ditambah.
credits-buy-title = Beli kredit
credits-no-packages = Tiada pakej kredit dijual buat masa ini.
credits-col-package = Pakej
credits-col-credits = Kredit
credits-col-amount = Jumlah
credits-col-price = Harga
credits-purchases = Pembelian anda
credits-no-purchases = Belum ada pembelian.
credits-col-date = Tarikh
credits-col-paid = Dibayar
credits-col-status = Status
# A credit type's short name in tables and menus
credits-type-coupon = Kupon
credits-type-wa-ui = WhatsApp UI
credits-type-wa-bi = WhatsApp BI
credits-type-money = Wang

## Credit packages (/dashboard/packages)
packages-on-sale = Dijual
packages-off = Tidak dijual
packages-turn-off = Matikan
packages-turn-on = Hidupkan
packages-name = Nama
packages-credit-type = Jenis kredit
packages-credits = Kredit
packages-price = Harga
packages-state = Keadaan
packages-new = Pakej baharu
packages-price-cents = Harga dalam sen
packages-currency = Mata wang
packages-create = Cipta pakej

## Pricing (/dashboard/pricing)
pricing-title = Harga ({ $currency })
pricing-fee = Yuran
pricing-price-cents-for = Harga { $item } dalam sen
pricing-cost-cents-for = Kos platform { $item } dalam sen
pricing-package-credits = { $credits } kredit { $kind }
pricing-package-temporary = , peniaga sementara
pricing-package-off = {" "}(tidak dijual)
pricing-set-fee = Tetapkan yuran
pricing-item = Item
pricing-currency = Mata wang
pricing-price-cents = Harga dalam sen
pricing-cost-cents = Kos platform dalam sen
pricing-set-price = Tetapkan harga
pricing-show-currency = Tunjukkan mata wang{" "}
pricing-show = Tunjukkan
pricing-intro-admin = Harga yang dibayar oleh peniaga, dan kos platform yang dicaj kepada dompet ejen apabila salah seorang peniaganya membeli item itu. Ejen melihat senarai ini secara baca sahaja.
pricing-intro-agent = Platform menetapkan harga ini. Apabila salah seorang peniaga anda membeli sesuatu item, kos platform ditolak daripada dompet anda dan bakinya ialah keuntungan anda.
pricing-what = Apa
pricing-price = Harga
pricing-platform-cost = Kos platform
pricing-agent-profit = Keuntungan ejen
pricing-change-cents = Ubah (sen)
# The price sheet's items
pricing-item-annual-fee = Yuran tahunan peniaga
pricing-item-ad-7-days = Iklan, 7 hari
pricing-item-ad-14-days = Iklan, 14 hari
pricing-item-ad-30-days = Iklan, 30 hari

## Payment settings (/dashboard/payment-settings)
payset-sandbox-note = Platform ini menggunakan pembayaran sandbox: tiada wang sebenar berpindah, dan kunci anda tidak digunakan sehingga platform menerima bayaran sebenar.
payset-card-payments = Peniaga anda membayar dengan kad melalui akaun Stripe anda.
payset-add-webhook-secret = Tambah rahsia tandatangan webhook: sehingga itu laman anda tidak boleh menerima bayaran, dan peniaga anda dimaklumkan.
payset-mode = Mod
payset-mode-test = ujian
payset-mode-live = langsung
payset-publishable-key = Kunci boleh terbit
payset-secret-key = Kunci rahsia
payset-webhook-secret = Rahsia webhook
payset-not-set = belum ditetapkan
payset-checked = Disemak dengan Stripe
payset-no-keys-sandbox = Belum ada kunci. Platform ini menggunakan pembayaran sandbox: peniaga anda membayar di sana, dan tiada wang berpindah. Sambungkan akaun Stripe anda sekarang supaya laman anda boleh menerima bayaran sebaik sahaja platform menerima bayaran sebenar.
payset-no-keys = Laman anda belum boleh menerima bayaran: peniaga anda tidak boleh membeli kredit atau membayar yuran tahunan mereka. Sambungkan akaun Stripe anda (kunci rahsia dan rahsia tandatangan webhook) di bawah.
payset-webhook-title = Webhook Stripe
# Around the event name checkout.session.completed
payset-webhook-before = Dalam papan pemuka Stripe, tambah titik akhir untuk acara{" "}
payset-webhook-after = {" "}di alamat:
payset-connect = Sambungkan Stripe
payset-webhook-secret-optional = Rahsia tandatangan webhook (pilihan)
payset-check-save = Semak dan simpan
payset-keys-note = Kunci disemak dengan Stripe sebelum disimpan. Kunci rahsia dan rahsia webhook disulitkan semasa disimpan dan tidak akan ditunjukkan sepenuhnya lagi.

## Agent wallet (/dashboard/agent-wallet)
wallet-waiting = { $count } item berbayar peniaga anda menunggu tambah nilai anda: { $costs } kos platform. Item ini selesai secara automatik, yang paling lama dahulu, sebaik sahaja dompet anda mencukupi.
wallet-top-up-title = Tambah nilai
wallet-amount = Jumlah ({ $currency })
wallet-top-up-button = Tambah nilai dompet
wallet-received = Tambah nilai diterima.
wallet-balance = Baki dompet
wallet-annual-fee-income = Pendapatan yuran tahunan
wallet-package-income = Pendapatan pakej
wallet-ad-income = Pendapatan iklan
wallet-costs-deducted = Kos platform ditolak
wallet-profit = Keuntungan
wallet-your-merchants = Peniaga anda
wallet-col-merchant = Peniaga
wallet-col-kind = Jenis
wallet-col-state = Keadaan
wallet-col-renews = Diperbaharui
wallet-kind-annual = Peniaga tahunan
wallet-kind-temporary = Peniaga sementara
wallet-state-pending-payment = Menunggu bayaran
wallet-state-pending-top-up = Menunggu tambah nilai ejen
wallet-state-active = Aktif
wallet-state-expired = Tamat tempoh

## Sandbox checkout (/checkout/sandbox/<id>)
checkout-title = Pembayaran
checkout-complete = Pembayaran ini telah selesai.
checkout-for = { $what } untuk { $amount }.
checkout-pay = Bayar { $amount }
checkout-sandbox-banner = SANDBOX: tiada wang sebenar berpindah. Pembayaran diselesaikan melalui kod webhook yang sama seperti pembayaran sebenar.
checkout-what-ad = Iklan
checkout-what-top-up = Tambah nilai dompet ejen
checkout-what-package = { $credits } kredit { $type ->
        [coupon] Kupon
        [wa_ui] WhatsApp UI
        [wa_bi] WhatsApp BI
       *[money] Wang
    }
checkout-back-ads = Kembali ke iklan anda
checkout-back-credits = Kembali ke kredit anda
checkout-back-dashboard = Kembali ke papan pemuka anda
checkout-back-wallet = Kembali ke dompet anda

## Ledger (/dashboard/ledger)
ledger-download-csv = Muat turun CSV
ledger-col-date = Tarikh
ledger-col-owner = Pemilik
ledger-col-description = Keterangan
ledger-credit-type = Jenis kredit
ledger-action = Tindakan
ledger-col-amount = Jumlah
ledger-col-balance = Baki
ledger-col-related = Berkaitan
ledger-older = Baris lebih lama →
ledger-all = Semua
ledger-from = Dari
ledger-until = Hingga
ledger-filter = Tapis
ledger-adjust-title = Laraskan kredit peniaga
ledger-merchant = Peniaga
ledger-adjust-amount = Jumlah (negatif untuk menolak)
ledger-adjust-amount-hint = 50 atau -20
ledger-reason = Sebab
ledger-post = Hantar pelarasan
# Ledger actions (the requirement's names)
ledger-action-purchase = pembelian
ledger-action-deduct = potongan
ledger-action-refund = bayaran balik
ledger-action-adjustment = pelarasan
# What a ledger line is about
ledger-related-coupon-batch = kelompok kupon
ledger-related-coupon = kupon
ledger-related-message = mesej
ledger-related-ad = iklan
ledger-related-payment = bayaran
ledger-related-hold = tahanan
ledger-related-none = tiada

# Ledger lines: posted once with these words, shown in each reader's language.
ledger-adjustment = Pelarasan: { $reason }
ledger-ad-own-cost = Kos platform iklan anda sendiri "{ $title }"
ledger-ad-cost-returned = Kos platform dikembalikan: iklan "{ $title }" ditolak
ledger-top-up = Tambah nilai dompet sebanyak { $amount }
ledger-merchant-cost = Kos platform { $what ->
        [annual_fee] yuran tahunan
        [package] pakej
       *[ad] iklan
    } seorang peniaga
ledger-bought = Membeli { $credits } kredit { $type ->
        [coupon] Kupon
        [wa_ui] WhatsApp UI
        [wa_bi] WhatsApp BI
       *[money] Wang
    }
ledger-batch = Kelompok kupon “{ $title }”: { $count } kupon
ledger-expiry-refund = Tamat tempoh, tidak pernah diambil: { $count } kupon “{ $title }”
ledger-demo-credits = Kredit kupon demo
ledger-wa-accepted = Mesej WhatsApp { $class ->
        [ui] UI
       *[bi] BI
    } diterima

## Statements (/dashboard/statements)
statements-empty = Belum ada penyata. Penyata setiap bulan dibuat pada 1 haribulan bulan berikutnya.
statements-month = Bulan
statements-col-of = Penyata bagi
statements-col-company = Syarikat
statements-col-generated = Dijana (UTC)
statements-col-pdf = PDF
statements-regenerated = { $count } penyata dijana semula.
statements-owner-platform = Platform
statements-owner-agent = Ejen
statements-owner-merchant = Peniaga
statements-download-pdf = Muat turun PDF
statements-regenerate-title = Jana semula satu bulan
statements-regenerate-button = Jana semula setiap penyata bulan ini

# dash-c: dashboard coupons, batches, redeem, template library, lucky draw, customers.

## Coupons list (/dashboard/coupons)
coupons-no-batches = Belum ada kelompok.
coupons-balance = { $count } kredit kupon tersedia.
coupons-new-batch = Kelompok baharu
coupons-store-page = Halaman kedai
coupons-store-poster = Poster kedai
coupons-back = ← Kupon
coupons-col-batch = Kelompok
coupons-col-coupons = Kupon
coupons-col-valid = Sah
coupons-col-taken = Diambil
coupons-col-redeemed = Ditebus
coupons-col-available = Tersedia
coupons-pdf-queued = Dalam giliran
coupons-pdf-making = Sedang dibuat… { $done } daripada { $quantity }
coupons-pdf-ready = Sedia
coupons-pdf-failed = Gagal

## New batch (/dashboard/coupons/new)
batch-new-title = Kelompok kupon baharu
batch-new-lead = Setiap kupon memerlukan 1 kredit kupon, ditolak apabila kelompok dibuat. Anda ada { $count }.
batch-title = Tajuk
batch-title-hint = Diskaun 20% untuk sebarang minuman
batch-offer-details = Butiran tawaran
batch-terms = Terma
batch-category = Kategori
batch-business-type = Jenis perniagaan
batch-business-type-hint = Kedai kopi
batch-country = Negara
batch-city = Bandar / wilayah
batch-quantity = Kuantiti
batch-claim-limit = Had setiap pelanggan
batch-valid-from = Sah dari
batch-valid-until = Sah hingga (hari terakhir)
batch-send-whatsapp = Hantar kupon melalui WhatsApp apabila dituntut
batch-show-in-center = Tunjukkan di pusat kupon
batch-template = Templat
batch-upload-own = …atau muat naik reka bentuk anda sendiri (PNG, JPEG atau WebP, sehingga 8 MB)
batch-template-name = Nama reka bentuk anda
batch-generate = Jana kelompok

## One batch (/dashboard/coupons/<id>)
batch-page-title = Kelompok kupon
batch-download-pdf = Muat turun PDF
batch-pdf-making = Sedang membuat PDF… { $done } daripada { $quantity }
batch-pdf-failed = Gagal membuat PDF.
batch-try-again = Cuba lagi
batch-more = 50 kupon pertama ditunjukkan; CSV mengandungi semuanya.
batch-refunded = { $count } kupon yang tidak pernah diambil telah dikembalikan semasa tamat tempoh.
batch-where = Lokasi
batch-wa-on = Dihantar apabila dituntut
batch-wa-off = Tutup
batch-in-center = Pusat kupon
batch-shown = Ditunjukkan
batch-hidden = Disembunyikan
batch-per-customer = Setiap pelanggan
batch-stat-generated = Dijana
batch-stat-expired = Tamat tempoh
batch-stat-wa-sent = WhatsApp dihantar
batch-stat-wa-failed = WhatsApp gagal
batch-download-csv = Muat turun CSV
batch-col-serial = Nombor siri
batch-col-status = Status
batch-col-customer = Pelanggan
batch-status-available = Dijana/Tersedia
batch-status-taken = Diambil/Dituntut
batch-status-redeemed = Ditebus
batch-status-expired = Tamat tempoh (tidak diambil)
batch-wa-queued = dalam giliran
batch-wa-sent = dihantar
batch-wa-delivered = diterima
batch-wa-read = dibaca
batch-wa-failed = gagal

## Redeem (/dashboard/redeem)
redeem-title = Tebus kupon
redeem-lead = Taip nombor siri yang dicetak di bawah kod QR, atau imbas kod QR dengan telefon ini semasa log masuk.
redeem-serial = Nombor siri
redeem-button = Tebus
redeem-done = { $serial } ({ $title }) ditebus pada { $when }.

## Template library (/dashboard/templates)
templates-lead = Templat yang didayakan ditawarkan kepada setiap peniaga semasa mereka membuat kelompok. Menyahdayakan templat tidak menjejaskan kelompok sedia ada.
templates-upload-heading = Muat naik templat
templates-name = Nama
templates-category = Kategori
templates-category-hint = Makanan & minuman
templates-image = Imej (PNG, JPEG atau WebP, sehingga 8 MB)
templates-upload = Muat naik
templates-enabled = Didayakan
templates-disabled = Dinyahdayakan
templates-enable = Dayakan
templates-disable = Nyahdayakan

## Lucky draw (/dashboard/lucky-draw)
luckydraw-prize-option = { $title } (tinggal { $count })
luckydraw-segment-label = Label segmen { $n }
luckydraw-segment-weight = Pemberat segmen { $n }
luckydraw-segment-prize = Hadiah segmen { $n }
luckydraw-segment-stock = Stok segmen { $n }
luckydraw-no-prize = Tiada hadiah
luckydraw-saved = Roda disimpan.
luckydraw-poster = Poster kedai untuk dicetak
luckydraw-wheel-link = Roda anda seperti yang dilihat pelanggan
luckydraw-help = 2 hingga 12 segmen. Peluang sesuatu segmen ialah pemberatnya berbanding jumlah pemberat segmen yang masih boleh dimenangi. Segmen hadiah memberi satu kupon daripada kelompoknya, sehingga stoknya habis; biarkan label dan pemberat sesuatu baris kosong untuk membuangnya.
luckydraw-col-label = Label
luckydraw-col-weight = Pemberat
luckydraw-col-prize = Hadiah
luckydraw-col-stock = Stok
luckydraw-col-given = Diberi
luckydraw-col-odds = Peluang kini
luckydraw-who = Siapa boleh memutar
luckydraw-wheel-on = Roda dihidupkan
luckydraw-after-claim = Selepas mendapat salah satu kupon saya
luckydraw-from-store = Daripada pautan kedai saya
luckydraw-spins-per-day = Putaran setiap pelanggan sehari
luckydraw-save = Simpan roda

## Customers (/dashboard/customers)
customers-erased-all = Dipadam. { $claims } rekod kupon disimpan tanpa nama atau nombor; { $messages } mesej WhatsApp dikosongkan. Mereka tiada kupon lain di sini, jadi butiran mereka telah dibuang dari laman ini.
customers-erased-some = Dipadam. { $claims } rekod kupon disimpan tanpa nama atau nombor; { $messages } mesej WhatsApp dikosongkan. Kedai lain di laman ini menyimpan data yang mereka pegang sehingga diminta.
customers-empty = Tiada pelanggan yang sepadan. Pelanggan muncul di sini selepas mereka menuntut salah satu kupon anda.
customers-lead = Semua yang menuntut kupon anda. Pelanggan boleh bertanya apa yang anda simpan tentang mereka (tunjukkan baris ini) atau meminta ia dipadam: pemadaman mengekalkan rekod kupon dan kredit anda tetapi menggantikan nama dan nombor mereka dengan “Erased customer” dan mengosongkan teks mesej.
customers-search-label = Nama atau telefon
customers-find = Cari
customers-col-name = Nama
customers-col-phone = Telefon
customers-col-birthday = Hari jadi
customers-col-coupons = Kupon
customers-col-last-claim = Tuntutan terakhir
customers-col-offers = Tawaran
customers-agreed = Bersetuju
customers-they-asked = Mereka meminta
customers-erase = Padam data peribadi

# dash-d (Bahasa Melayu): campaigns-, whatsapp-, ads-, adapprove-, support-

## Campaigns (/dashboard/campaigns)
campaigns-saved-settings = Tetapan kempen disimpan.
campaigns-saved-festival-campaign = Kempen perayaan disimpan.
campaigns-saved-festival = Perayaan disimpan.
campaigns-saved-festival-date = Tarikh perayaan disimpan.
campaigns-saved = { $what } disimpan.
campaigns-run-log = Log larian
campaigns-shortfall = Kredit WhatsApp BI tidak mencukupi: perlu { $count } lagi untuk sampai kepada semua dalam 30 hari akan datang.
campaigns-preview-draft = Pratonton kos tetapan ini (belum disimpan)
campaigns-preview-saved = Pratonton kos tetapan anda yang disimpan
campaigns-preview-label = Pratonton kos
campaigns-reach = pelanggan dicapai dalam 30 hari akan datang
campaigns-credits-needed = kredit BI diperlukan
campaigns-opted-out = menarik diri (tidak pernah dihantar mesej)
campaigns-no-consent = tiada persetujuan menerima tawaran (tidak pernah dihantar mesej)
campaigns-choose-batch = Pilih kelompok
campaigns-birthday = Hari jadi
campaigns-birthday-on = Kempen hari jadi aktif
campaigns-days-before-birthday = Hari sebelum hari jadi
campaigns-days-after-birthday = Hari selepas hari jadi
campaigns-birthday-batch = Kelompok kupon hari jadi
campaigns-birthday-message = Mesej hari jadi
campaigns-recall = Panggil semula pelanggan tidak aktif
campaigns-recall-on = Kempen panggil semula aktif
campaigns-recall-days = Tidak kembali selama (hari)
campaigns-recall-batch = Kelompok kupon panggil semula
campaigns-recall-message = Mesej panggil semula
campaigns-quiet-hours = Waktu senyap (tiada mesej pada waktu malam)
campaigns-quiet-from = Dari
campaigns-quiet-until = Hingga
campaigns-timezone = Zon waktu (kosong: zon platform anda)
campaigns-preview-cost = Pratonton kos
campaigns-save-settings = Simpan tetapan
campaigns-festivals = Perayaan
campaigns-festival = Perayaan
campaigns-next-date = Tarikh seterusnya
campaigns-your-campaign = Kempen anda
campaigns-every = setiap { $date }
campaigns-no-date = belum ada tarikh
campaigns-festival-form = Kempen { $name }
campaigns-on = Aktif
campaigns-batch = Kelompok
campaigns-message = Mesej
campaigns-days-before = Hari sebelum
campaigns-date-of = Tarikh { $name }
campaigns-date = Tarikh
campaigns-set-date = Tetapkan tarikh
campaigns-calendar = Kalendar perayaan
campaigns-country = Negara
campaigns-dates = Tarikh
campaigns-date-for-year = Tarikh untuk satu tahun
campaigns-add-festival-label = Tambah perayaan
campaigns-country-code = Kod negara
campaigns-name = Nama
campaigns-fixed-day = Hari yang sama setiap tahun (BB-HH, atau biarkan kosong dan tetapkan tarikh)
campaigns-add-festival = Tambah perayaan
campaigns-no-runs = Belum ada kempen yang dijalankan.
campaigns-skipped = { $opted } menarik diri, { $consent } tiada persetujuan, { $already } sudah dihantar, { $credits } tiada kredit, { $exhausted } kelompok habis
campaigns-outcome = { $sent } dihantar, { $delivered } diterima, { $failed } gagal
campaigns-col-started = Bermula (UTC)
campaigns-col-merchant = Peniaga
campaigns-col-campaign = Kempen
campaigns-col-local-day = Hari tempatan
campaigns-col-status = Status
campaigns-col-selected = Dipilih
campaigns-col-queued = Dalam giliran
campaigns-col-skipped = Dilangkau
campaigns-col-outcomes = Keputusan
campaigns-col-note = Catatan
campaigns-kind-birthday = Hari jadi
campaigns-kind-recall = Panggil semula pelanggan tidak aktif
campaigns-kind-festival = Perayaan
campaigns-status-running = sedang berjalan
campaigns-status-done = selesai
campaigns-status-stopped = dihentikan

## WhatsApp (/dashboard/whatsapp)
whatsapp-no-credits = { $count } mesej WhatsApp tidak dihantar dalam 7 hari lepas kerana kredit tidak mencukupi.
whatsapp-buy-credits = Beli kredit
whatsapp-older = Mesej lebih lama →
whatsapp-nothing-sent = Belum ada yang dihantar.
whatsapp-sandbox-phone = Telefon kotak pasir
whatsapp-sandbox-lead = Penghantar kotak pasir merekodkan setiap mesej di sini dan tidak menghantarnya, serta melaporkan status penghantaran yang realistik.
whatsapp-last-30-days = 30 hari lepas
whatsapp-col-who = Siapa
whatsapp-col-ui-sent = UI dihantar
whatsapp-col-ui-failed = UI gagal
whatsapp-col-bi-sent = BI dihantar
whatsapp-col-bi-failed = BI gagal
whatsapp-col-credits-used = Kredit digunakan
whatsapp-col-day = Hari
whatsapp-col-class = Kelas
whatsapp-col-sent = Dihantar
whatsapp-col-failed = Gagal
whatsapp-col-pending = Belum selesai
whatsapp-messages = Mesej
whatsapp-col-status = Status
whatsapp-filter-all = Semua
whatsapp-filter-queued = Dalam giliran
whatsapp-filter-sent = Dihantar
whatsapp-filter-delivered = Diterima
whatsapp-filter-read = Dibaca
whatsapp-filter-failed = Gagal
whatsapp-filter-both = Kedua-duanya
whatsapp-filter-ui = Dimulakan pengguna
whatsapp-filter-bi = Dimulakan perniagaan
whatsapp-filter = Tapis
whatsapp-download-csv = Muat turun CSV
whatsapp-col-time = Masa
whatsapp-col-merchant = Peniaga
whatsapp-col-to = Kepada
whatsapp-col-trigger = Pencetus
whatsapp-col-credits = Kredit
whatsapp-col-attempts = Cubaan
whatsapp-col-last-error = Ralat terakhir
whatsapp-coupon-image = Imej kupon
# A message's stored status, as the log table shows it.
whatsapp-status-queued = dalam giliran
whatsapp-status-sent = dihantar
whatsapp-status-failed = gagal
whatsapp-status-delivered = diterima
whatsapp-status-read = dibaca
# What sent a message.
whatsapp-trigger-homepage-claim = Tuntutan laman utama
whatsapp-trigger-in-store-claim = Tuntutan di kedai
whatsapp-trigger-lucky-draw-win = Menang cabutan bertuah
whatsapp-trigger-customer-reply = Balasan pelanggan
whatsapp-trigger-birthday = Hari jadi
whatsapp-trigger-inactive-recall = Panggil semula tidak aktif
whatsapp-trigger-festival = Perayaan
whatsapp-trigger-scheduled-broadcast = Siaran berjadual

## Ads (/dashboard/ads)
ads-paid = Bayaran diterima. Iklan anda menunggu kelulusan.
ads-duration-price = { $days } hari: { $price }
ads-pay-note-wallet = Iklan anda sendiri hanya dikenakan kos platform, dibayar terus daripada dompet ejen anda.
ads-pay-note-checkout = Anda membayar semasa pembayaran; iklan kemudian menunggu kelulusan. Iklan yang ditolak dibayar balik sepenuhnya.
ads-buy-from-wallet = Beli dari dompet
ads-buy-and-pay = Beli dan bayar
ads-none = Belum ada iklan.
ads-buy = Beli iklan
ads-title = Tajuk
ads-type = Jenis iklan
ads-type-banner = Sepanduk (imej)
ads-type-video = Video (MP4 atau WebM, sehingga 30 s, 20 MB)
ads-creative = Imej sepanduk atau video
ads-duration = Tempoh
ads-start-date = Tarikh mula
ads-link = Pautan
ads-country = Negara (dua huruf, kosong untuk semua tempat)
ads-cities = Bandar (dipisahkan dengan koma, kosong untuk seluruh negara)
ads-mine = Iklan saya
ads-banner-alt = Sepanduk: { $title }
ads-video-label = Video: { $title }
ads-history = { $state }: { $at }
ads-history-by = { $state }: { $at } oleh { $by }
ads-history-label = Sejarah
ads-refunded = Dibayar balik sepenuhnya: { $amount }.
ads-refund-pending = Bayaran balik sedang diproses.
ads-rejected-reason = Ditolak: { $reason }
ads-col-day = Hari (UTC)
ads-col-impressions = Tontonan
ads-col-clicks = Klik
ads-total = Jumlah
ads-status = Status
ads-advertiser = Pengiklan
ads-kind = Jenis
ads-kind-banner = Sepanduk
ads-kind-video = Video
ads-runs = Tempoh tayangan
ads-runs-span = { $from } hingga { $to } ({ $days } hari)
ads-shown-to = Ditunjukkan kepada
ads-everywhere = Semua tempat
ads-price = Harga
ads-state-pending-payment = Menunggu bayaran
ads-state-pending = Menunggu kelulusan
ads-state-approved = Diluluskan
ads-state-rejected = Ditolak
ads-state-expired = Tamat tempoh

## Ad approvals (/dashboard/ad-approvals)
adapprove-approved = Iklan diluluskan. Ia disiarkan mulai tarikh mulanya.
adapprove-rejected = Iklan ditolak. Bayarannya dibayar balik dan pengiklan melihat sebab anda.
adapprove-empty = Tiada iklan menunggu kelulusan.
adapprove-ad-label = Iklan: { $title }
adapprove-approve = Luluskan
adapprove-reason = Sebab penolakan
adapprove-reject = Tolak

## Support (/dashboard/support)
support-title = Sokongan
support-conversation = Perbualan sokongan
support-nothing-unread = Tiada yang belum dibaca.
support-no-messages = Belum ada mesej.
support-older = Perbualan lebih lama →
support-own = Mesej anda kepada platform
support-new-reply = Balasan baharu
support-open = Buka
support-filter = Tapis
support-all = Semua
support-unread-tab = Belum dibaca ({ $count })
support-col-from = Daripada
support-col-role = Peranan
support-col-last-message = Mesej terakhir
support-col-time = Masa
support-unread-title = Belum dibaca
support-unread-sr = belum dibaca
support-from = Sokongan daripada { $name }
support-thread-empty = Belum ada mesej. Tulis di bawah dan kami akan membalas di sini.
support-attached-image = Imej dilampirkan
support-read = Dibaca
support-back-inbox = ← Peti masuk
support-message = Mesej
support-image = Imej (pilihan: PNG, JPEG atau WebP, sehingga 5 MB)
support-send = Hantar
support-role-agent = Ejen
support-role-merchant = Peniaga
support-role-temporary-merchant = Peniaga Sementara

## WhatsApp message templates as registered with Meta (our copy, for the sandbox phone)
wa-tpl-coupon_claimed = Hai { $p1 }, ini kupon anda: { $p2 }. Kod { $p3 }. Buka di sini: { $p4 }
wa-tpl-campaign_coupon = Hai { $p1 }, { $p2 } Kod kupon anda: { $p3 }

## The wheel, in the browser
wheel-unreachable = Pelayan tidak dapat dihubungi. Sila cuba lagi.
wheel-failed = Roda tidak dapat diputar. Sila cuba lagi.

## Statements (PDF contents)
statement-title-merchant = Penyata peniaga
statement-title-agent = Penyata ejen
statement-title-platform = Penyata platform
statement-period = { $from } hingga { $to }
statement-date = { $day } { $month } { $year }
statement-month-1 = Januari
statement-month-2 = Februari
statement-month-3 = Mac
statement-month-4 = April
statement-month-5 = Mei
statement-month-6 = Jun
statement-month-7 = Julai
statement-month-8 = Ogos
statement-month-9 = September
statement-month-10 = Oktober
statement-month-11 = November
statement-month-12 = Disember
statement-period-line = Tempoh: { $period } ({ $timezone })
statement-date-line = Tarikh penyata: { $date }
statement-currency-line = Mata wang: { $currency }
# A credit type's short name
statement-credit-coupon = Kupon
statement-credit-wa-ui = WhatsApp UI
statement-credit-wa-bi = WhatsApp BI
statement-credit-money = Wang
# Ledger actions
statement-action-purchase = pembelian
statement-action-deduct = potongan
statement-action-refund = bayaran balik
statement-action-adjustment = pelarasan
# A wallet's heading (other: an unknown credit type, shown as "?")
statement-wallet-coupon = Kredit kupon
statement-wallet-wa-ui = Kredit WhatsApp UI
statement-wallet-wa-bi = Kredit WhatsApp BI
statement-wallet-money = Dompet wang
statement-wallet-other = Kredit { $type }
statement-opening-balance = Baki awal
statement-lines-this-month = Baris bulan ini
statement-closing-balance = Baki akhir
statement-col-date = Tarikh
statement-col-description = Keterangan
statement-col-action = Tindakan
statement-col-amount = Jumlah
statement-col-balance = Baki
statement-col-owner = Pemilik
statement-col-type = Jenis
# Merchant statement
statement-coupons = Kupon
statement-coupons-generated = Kupon dijana
statement-coupons-taken = Kupon diambil
statement-coupons-redeemed = Kupon ditebus
statement-coupons-expired-refunded = Tamat tempoh, tidak pernah diambil: dikembalikan
statement-col-messages = Mesej
statement-col-sent = Dihantar
statement-col-failed = Gagal
statement-col-credits-used = Kredit digunakan
statement-wa-ui = Dimulakan oleh pengguna (UI)
statement-wa-bi = Dimulakan oleh perniagaan (BI)
statement-ads = Iklan
statement-ads-bought = Iklan dibeli
statement-ads-paid = Dibayar untuk iklan
statement-ads-refunded = Bayaran balik iklan yang ditolak
statement-ad-impressions = Tontonan iklan
statement-ad-clicks = Klik iklan
# Agent statement
statement-summary = Ringkasan
statement-new-merchants = Peniaga baharu
statement-annual-fee-income = Pendapatan yuran tahunan
statement-package-income = Pendapatan pakej
statement-ad-income = Pendapatan iklan (tolak bayaran balik)
statement-costs-deducted = Kos platform yang ditolak daripada dompet
statement-net-profit = Untung bersih (pendapatan tolak kos yang ditolak)
statement-wallet-opening = Baki awal dompet
statement-wallet-closing = Baki akhir dompet
# Platform statement
statement-platform-revenue = Hasil platform
statement-col-currency = Mata wang
statement-col-paid-to-platform = Dibayar kepada platform
statement-col-costs-from-agents = Kos platform daripada ejen
statement-col-total-revenue = Jumlah hasil
statement-wa-ui-sent = Mesej WhatsApp UI dihantar
statement-wa-bi-sent = Mesej WhatsApp BI dihantar
statement-ad-revenue = Hasil iklan, platform utama (tolak bayaran balik)
statement-by-country = Taburan mengikut negara
statement-col-country = Negara
statement-col-merchants = Peniaga
statement-col-new-this-month = Baharu bulan ini
statement-col-wa-sent = WhatsApp dihantar
statement-top-agents-merchants = Ejen teratas mengikut peniaga
statement-top-agents-revenue = Ejen teratas mengikut hasil
statement-col-agent = Ejen
statement-col-revenue-this-month = Hasil bulan ini
statement-ledger-overview = Gambaran keseluruhan lejar
statement-col-credit-type = Jenis kredit
statement-col-opening-all = Baki awal (semua dompet)
statement-col-movements = Pergerakan
statement-col-closing-all = Baki akhir (semua dompet)
statement-minor-units = Jumlah wang dalam unit kecil mata wang setiap ejen.
statement-col-lines = Baris
statement-col-total = Jumlah
# $lines: the count, already written with its grouping (12,345)
statement-appendix-note = Lampiran menyenaraikan kesemua { $lines } baris lejar bulan ini.
statement-appendix-title = Lampiran: setiap baris lejar bulan ini

## More field and message names (AppError::invalid)
# ms: more field names (field-<slug>) and field errors (invalid-<slug>) for
# AppError::invalid("Field", "message"); each key is the slug of its English text.

## Form field names (field-<slug of the English name>)
field-confirmation = Pengesahan
field-language = Bahasa
field-ad = Iklan
field-provider = Penyedia
field-domain = Domain
field-event = Peristiwa
field-description = Keterangan
field-credit-type = Jenis kredit
field-idempotency-key = Kunci idempotensi
field-reason = Sebab
field-company-name = Nama syarikat
field-membership = Keahlian
field-city = Bandar
field-permissions = Kebenaran
field-account = Akaun
field-month = Bulan
field-dedupe-key = Kunci nyahduplikasi
field-message = Mesej
field-image = Imej
field-caption = Kapsyen
field-header-image = Imej pengepala
field-template-parameters = Parameter templat
field-ad-type = Jenis iklan
field-duration = Tempoh
field-cities = Bandar
field-link = Pautan
field-start-date = Tarikh mula
field-video = Video
field-price = Harga
field-platform-cost = Kos platform
field-currency = Mata wang
field-webhook-secret = Rahsia webhook
field-creative = Bahan iklan

## What is wrong with a field (invalid-<slug of the English text, 60 chars at most>)
invalid-must-be-an-amount-like-500-or-500-00 = mestilah jumlah seperti 500 atau 500.00
invalid-must-be-more-than-zero = mestilah lebih daripada sifar
invalid-tick-the-box-to-confirm-the-customer-asked-for-erasure = tandakan kotak untuk mengesahkan pelanggan meminta datanya dipadam
invalid-must-be-en-ms-or-zh-hans = mestilah en, ms atau zh-Hans
invalid-is-not-a-number = bukan nombor
invalid-is-already-paid = sudah dibayar
invalid-must-be-a-whole-number-of-cents-at-least-1 = mestilah nombor bulat dalam sen, sekurang-kurangnya 1
invalid-must-be-sandbox-or-stripe = mestilah sandbox atau stripe
invalid-enter-a-name-like-deals-example-com-without-http-or-a-port = masukkan nama seperti deals.example.com, tanpa http:// atau port
invalid-must-be-a-domain-name-like-deals-example-com = mestilah nama domain seperti deals.example.com
invalid-belongs-to-this-platform-enter-your-own-domain = milik platform ini; masukkan domain anda sendiri
invalid-a-site-may-have-at-most-10-domains = setiap laman boleh mempunyai paling banyak 10 domain
invalid-must-be-1-to-120-characters = mestilah 1 hingga 120 aksara
invalid-is-already-used-by-another-account-here = sudah digunakan oleh akaun lain di sini
invalid-must-be-a-two-letter-code-like-my = mestilah kod dua huruf seperti MY
invalid-must-be-1-to-80-characters = mestilah 1 hingga 80 aksara
invalid-is-already-in-this-country-s-calendar = sudah ada dalam kalendar negara ini
invalid-must-be-between-2000-and-2200 = mestilah antara 2000 dan 2200
invalid-no-client-reference-id = tiada client_reference_id
invalid-amount-or-currency-does-not-match-the-payment = jumlah atau mata wang tidak sepadan dengan bayaran
invalid-has-no-card-payment-waiting = tiada bayaran kad yang menunggu
invalid-must-be-1-to-300-characters = mestilah 1 hingga 300 aksara
invalid-does-not-belong-to-this-kind-of-owner = bukan untuk jenis pemilik ini
invalid-must-be-1-to-200-characters = mestilah 1 hingga 200 aksara
invalid-merchants-hold-coupon-wa-ui-and-wa-bi-credits = peniaga memegang kredit coupon, wa_ui dan wa_bi
invalid-must-be-a-whole-number-like-50-or-20-not-zero = mestilah nombor bulat seperti 50 atau -20, bukan sifar
invalid-must-be-3-to-250-characters = mestilah 3 hingga 250 aksara
invalid-choose-annual-or-temporary = pilih tahunan atau sementara
invalid-packages-sell-coupon-wa-ui-or-wa-bi-credits = pakej menjual kredit coupon, wa_ui atau wa_bi
invalid-temporary-merchant-packages-sell-whatsapp-ui-credits-only = pakej peniaga sementara hanya menjual kredit WhatsApp UI
invalid-you-cannot-remove-super-admin-from-your-own-account-ask-anot = anda tidak boleh membuang Pentadbir Super daripada akaun anda sendiri; minta Pentadbir Super lain
invalid-you-cannot-disable-your-own-account = anda tidak boleh menyahaktifkan akaun anda sendiri
invalid-is-out-of-range = di luar julat
invalid-this-page-link-is-not-valid-go-back-to-the-inbox = pautan halaman ini tidak sah; kembali ke peti masuk
invalid-is-not-offered-to-you-choose-another = tidak ditawarkan kepada anda; pilih yang lain
invalid-must-be-1-to-4096-characters = mestilah 1 hingga 4096 aksara
invalid-give-either-a-public-http-s-link-or-an-uploaded-media-id = berikan sama ada pautan http(s) awam atau id media yang dimuat naik
invalid-must-be-at-most-1024-characters = mestilah paling banyak 1024 aksara
invalid-name-is-lower-case-letters-digits-and-underscores = nama hanya boleh mengandungi huruf kecil, digit dan garis bawah
invalid-must-be-a-code-like-en-or-en-us = mestilah kod seperti en atau en_US
invalid-must-be-an-http-s-link = mestilah pautan http(s)
invalid-at-most-20-none-empty = paling banyak 20, tiada yang kosong
invalid-must-be-banner-or-video = mestilah sepanduk atau video
invalid-must-be-7-14-or-30-days = mestilah 7, 14 atau 30 hari
invalid-a-city-name-is-too-long = satu nama bandar terlalu panjang
invalid-choose-the-country-first = pilih negara dahulu
invalid-must-be-a-two-letter-country-code-e-g-my = mestilah kod negara dua huruf, cth. MY
invalid-must-start-with-http-or-https = mesti bermula dengan http:// atau https://
invalid-must-name-a-web-site = mesti menyatakan laman web
invalid-is-not-a-valid-web-address = bukan alamat web yang sah
invalid-must-be-a-date-like-2026-12-01 = mestilah tarikh seperti 2026-12-01
invalid-cannot-be-in-the-past = tidak boleh pada masa lalu
invalid-tell-the-advertiser-why = beritahu pengiklan sebabnya
invalid-at-most-500-characters = paling banyak 500 aksara
invalid-the-file-is-empty = fail itu kosong
invalid-the-mp4-file-has-no-readable-duration = fail MP4 itu tiada tempoh yang boleh dibaca
invalid-the-webm-file-does-not-state-its-length = fail WebM itu tidak menyatakan panjangnya
invalid-must-be-an-mp4-or-webm-file = mestilah fail MP4 atau WebM
invalid-must-not-be-negative = tidak boleh negatif
invalid-must-not-be-more-than-the-price-the-agent-s-profit-would-be = tidak boleh melebihi harga (keuntungan ejen akan menjadi negatif)
invalid-must-be-a-whole-number-of-cents = mestilah nombor bulat dalam sen
invalid-must-be-a-three-letter-code-like-myr = mestilah kod tiga huruf seperti MYR
invalid-does-not-look-like-a-stripe-webhook-signing-secret-whsec = tidak kelihatan seperti rahsia tandatangan webhook Stripe (whsec_…)
invalid-write-a-message-or-attach-an-image = tulis mesej atau lampirkan imej
invalid-could-not-be-read-try-again = tidak dapat dibaca; cuba lagi
invalid-send-it-from-the-ads-page = hantarnya dari halaman iklan
invalid-choose-a-banner-image-or-a-video = pilih imej sepanduk atau video
invalid-send-it-from-the-approval-queue = hantarnya dari giliran kelulusan
invalid-the-file-could-not-be-received-over-8-mb = fail tidak dapat diterima (melebihi 8 MB?)
invalid-send-it-from-the-new-batch-page = hantarnya dari halaman kelompok baharu
invalid-pick-a-template-or-upload-your-own-design = pilih templat atau muat naik reka bentuk anda sendiri
invalid-send-it-from-the-template-library-page = hantarnya dari halaman pustaka templat
invalid-choose-an-image-file = pilih fail imej
invalid-the-form-could-not-be-read-try-again = borang tidak dapat dibaca; cuba lagi
invalid-the-file-could-not-be-received-over-5-mb = fail tidak dapat diterima (melebihi 5 MB?)
invalid-send-the-form-from-the-support-page = hantar borang dari halaman sokongan

## The server's own plain pages
page-not-found = Tidak dijumpai
page-no-site = Tiada laman di alamat ini.
page-refused = Permintaan ditolak
page-cross-site = Borang hanya boleh dihantar dari halaman laman ini sendiri.
page-unavailable = Tidak tersedia buat sementara
page-try-again = Sila cuba lagi sebentar lagi.
page-link-not-available = Pautan tidak tersedia
page-not-available = Tidak tersedia
page-payment-failed = Pembayaran gagal
page-stripe-off = Stripe tidak disediakan di sini.
page-cannot-send = Tidak dapat dihantar
page-log-in = Sila log masuk
page-log-in-image = Log masuk untuk melihat gambar ini.
page-cannot-export = Tidak dapat dieksport
page-log-in-ledger = Log masuk untuk memuat turun lejar.
page-went-wrong = Berlaku masalah
invalid-is-not-one-of-your-coupon-batches = bukan salah satu kelompok kupon anda
invalid-is-not-one-of-your-current-batches = bukan salah satu kelompok semasa anda

## Field names and messages with numbers in them (the numbers are $n1, $n2…)
field-segment-n-label = Label segmen { $n1 }
field-segment-n-weight = Pemberat segmen { $n1 }
field-segment-n-stock = Stok segmen { $n1 }
field-segment-n-batch = Kelompok segmen { $n1 }
invalid-must-be-a-whole-number-of-days-from-n-to-n = mestilah bilangan hari penuh dari { $n1 } hingga { $n2 }
invalid-at-most-n-seconds-long = paling lama { $n1 } saat
invalid-you-already-keep-n-designs-the-most-allowed-pick-one-of-them = anda sudah menyimpan { $n1 } reka bentuk, had maksimum; pilih salah satu daripadanya
invalid-must-be-between-n-and-n = mestilah antara { $n1 } dan { $n2 }
invalid-must-be-at-most-n-characters = mestilah paling banyak { $n1 } aksara
invalid-must-be-a-whole-number-from-n-to-n = mestilah nombor bulat dari { $n1 } hingga { $n2 }
invalid-must-be-n-to-n-characters = mestilah { $n1 } hingga { $n2 } aksara
invalid-may-be-at-most-n-characters = boleh paling banyak { $n1 } aksara
invalid-is-longer-than-n-characters = melebihi { $n1 } aksara
invalid-needs-at-least-n-characters = memerlukan sekurang-kurangnya { $n1 } aksara
invalid-has-only-n-coupons-left-fewer-than-the-stock-of-n = hanya tinggal { $n1 } kupon, kurang daripada stok { $n2 }
invalid-at-most-n-mb = paling besar { $n1 } MB
invalid-at-most-n-cities = paling banyak { $n1 } bandar
invalid-a-wheel-has-n-to-n-segments = roda mempunyai { $n1 } hingga { $n2 } segmen
