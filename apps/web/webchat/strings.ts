/** The widget's words in the line's six languages (those of the phone menu). */
export const LANGUAGES = ['ru', 'kk', 'en', 'uz', 'tg', 'ky'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface Strings {
  languageName: string;
  launcher: string;
  title: string;
  intro: string;
  quickExit: string;
  quickExitHint: string;
  minimise: string;
  message: string;
  send: string;
  sending: string;
  notSent: string;
  leaveNumber: string;
  phone: string;
  phoneHint: string;
  you: string;
  line: string;
  connecting: string;
  ended: string;
  restart: string;
  tooFast: string;
  language: string;
  /** Said under a file the line sent: opening it leaves a copy on the device. */
  fileNote: string;
}

export const STRINGS: Record<Language, Strings> = {
  ru: {
    languageName: 'Русский',
    launcher: 'Написать на линию 11616',
    title: 'Линия 11616: чат',
    intro: 'Вы можете писать анонимно: имя не нужно. На этом устройстве ничего не сохраняется. Если кто-то подойдёт, нажмите «Быстрый выход».',
    quickExit: 'Быстрый выход',
    quickExitHint: 'Или дважды нажмите Esc',
    minimise: 'Свернуть',
    message: 'Ваше сообщение',
    send: 'Отправить',
    sending: 'Отправляется…',
    notSent: 'Не отправлено. Проверьте связь и отправьте ещё раз.',
    leaveNumber: 'Оставить номер, чтобы вам перезвонили',
    phone: 'Номер телефона',
    phoneHint: 'Только если вам безопасно принять звонок.',
    you: 'Вы',
    line: 'Линия 11616',
    connecting: 'Подключение…',
    ended: 'Чат завершён.',
    restart: 'Начать новый чат',
    tooFast: 'Слишком много сообщений подряд. Подождите немного.',
    language: 'Язык',
    fileNote: 'Открытый файл сохранится на этом устройстве.',
  },
  kk: {
    languageName: 'Қазақша',
    launcher: '11616 желісіне жазу',
    title: '11616 желісі: чат',
    intro: 'Жасырын жаза аласыз: аты-жөніңіз қажет емес. Бұл құрылғыда ештеңе сақталмайды. Біреу жақындаса, «Жылдам шығу» түймесін басыңыз.',
    quickExit: 'Жылдам шығу',
    quickExitHint: 'Немесе Esc пернесін екі рет басыңыз',
    minimise: 'Жию',
    message: 'Сіздің хабарыңыз',
    send: 'Жіберу',
    sending: 'Жіберілуде…',
    notSent: 'Жіберілмеді. Байланысты тексеріп, қайта жіберіңіз.',
    leaveNumber: 'Сізге қоңырау шалуымыз үшін нөмір қалдыру',
    phone: 'Телефон нөмірі',
    phoneHint: 'Қоңырауды қабылдау сізге қауіпсіз болса ғана.',
    you: 'Сіз',
    line: '11616 желісі',
    connecting: 'Қосылуда…',
    ended: 'Чат аяқталды.',
    restart: 'Жаңа чат бастау',
    tooFast: 'Хабарлар тым жиі жіберілді. Біраз күтіңіз.',
    language: 'Тіл',
    fileNote: 'Ашылған файл осы құрылғыда сақталады.',
  },
  en: {
    languageName: 'English',
    launcher: 'Write to the 11616 line',
    title: 'Line 11616: chat',
    intro: 'You can write anonymously: we do not need your name. Nothing is kept on this device. If someone comes near, press “Quick exit”.',
    quickExit: 'Quick exit',
    quickExitHint: 'Or press Esc twice',
    minimise: 'Minimise',
    message: 'Your message',
    send: 'Send',
    sending: 'Sending…',
    notSent: 'Not sent. Check your connection and send again.',
    leaveNumber: 'Leave a number so we can call you back',
    phone: 'Phone number',
    phoneHint: 'Only if it is safe for you to take a call.',
    you: 'You',
    line: 'Line 11616',
    connecting: 'Connecting…',
    ended: 'The chat has ended.',
    restart: 'Start a new chat',
    tooFast: 'Too many messages at once. Please wait a little.',
    language: 'Language',
    fileNote: 'Opening the file saves a copy on this device.',
  },
  uz: {
    languageName: 'Oʻzbekcha',
    launcher: '11616 liniyasiga yozish',
    title: '11616 liniyasi: chat',
    intro: 'Anonim yozishingiz mumkin: ismingiz kerak emas. Bu qurilmada hech narsa saqlanmaydi. Kimdir yaqinlashsa, «Tezkor chiqish» tugmasini bosing.',
    quickExit: 'Tezkor chiqish',
    quickExitHint: 'Yoki Esc tugmasini ikki marta bosing',
    minimise: 'Yigʻish',
    message: 'Xabaringiz',
    send: 'Yuborish',
    sending: 'Yuborilmoqda…',
    notSent: 'Yuborilmadi. Aloqani tekshirib, qayta yuboring.',
    leaveNumber: 'Sizga qoʻngʻiroq qilishimiz uchun raqam qoldirish',
    phone: 'Telefon raqami',
    phoneHint: 'Faqat qoʻngʻiroqni qabul qilish siz uchun xavfsiz boʻlsa.',
    you: 'Siz',
    line: '11616 liniyasi',
    connecting: 'Ulanmoqda…',
    ended: 'Chat tugadi.',
    restart: 'Yangi chat boshlash',
    tooFast: 'Juda koʻp xabar yuborildi. Biroz kuting.',
    language: 'Til',
    fileNote: 'Ochilgan fayl shu qurilmada saqlanib qoladi.',
  },
  tg: {
    languageName: 'Тоҷикӣ',
    launcher: 'Ба хати 11616 навиштан',
    title: 'Хати 11616: чат',
    intro:
      'Шумо метавонед беном нависед: номатон лозим нест. Дар ин дастгоҳ ҳеҷ чиз нигоҳ дошта намешавад. Агар касе наздик ояд, «Баромади фаврӣ»-ро пахш кунед.',
    quickExit: 'Баромади фаврӣ',
    quickExitHint: 'Ё Esc-ро ду бор пахш кунед',
    minimise: 'Хурд кардан',
    message: 'Паёми шумо',
    send: 'Фиристодан',
    sending: 'Фиристода мешавад…',
    notSent: 'Фиристода нашуд. Алоқаро санҷед ва боз фиристед.',
    leaveNumber: 'Рақам гузоштан, то ба шумо занг занем',
    phone: 'Рақами телефон',
    phoneHint: 'Танҳо агар қабули занг барои шумо бехатар бошад.',
    you: 'Шумо',
    line: 'Хати 11616',
    connecting: 'Пайвастшавӣ…',
    ended: 'Чат анҷом ёфт.',
    restart: 'Чати навро оғоз кардан',
    tooFast: 'Паёмҳо аз ҳад зиёд фиристода шуданд. Каме интизор шавед.',
    language: 'Забон',
    fileNote: 'Файли кушодашуда дар ин дастгоҳ нигоҳ дошта мешавад.',
  },
  ky: {
    languageName: 'Кыргызча',
    launcher: '11616 линиясына жазуу',
    title: '11616 линиясы: чат',
    intro: 'Жашыруун жаза аласыз: атыңыз керек эмес. Бул түзмөктө эч нерсе сакталбайт. Кимдир бирөө жакындаса, «Тез чыгуу» баскычын басыңыз.',
    quickExit: 'Тез чыгуу',
    quickExitHint: 'Же Esc баскычын эки жолу басыңыз',
    minimise: 'Кичирейтүү',
    message: 'Сиздин билдирүү',
    send: 'Жөнөтүү',
    sending: 'Жөнөтүлүүдө…',
    notSent: 'Жөнөтүлгөн жок. Байланышты текшерип, кайра жөнөтүңүз.',
    leaveNumber: 'Сизге чалышыбыз үчүн номер калтыруу',
    phone: 'Телефон номери',
    phoneHint: 'Чалууну кабыл алуу сиз үчүн коопсуз болсо гана.',
    you: 'Сиз',
    line: '11616 линиясы',
    connecting: 'Туташууда…',
    ended: 'Чат аяктады.',
    restart: 'Жаңы чат баштоо',
    tooFast: 'Өтө көп билдирүү жөнөтүлдү. Бир аз күтүңүз.',
    language: 'Тил',
    fileNote: 'Ачылган файл ушул түзмөктө сакталып калат.',
  },
};

/** The page's choice (data-lang), else the browser's language, else Russian. */
export function pickLanguage(...wanted: (string | undefined | null)[]): Language {
  for (const value of wanted) {
    const code = (value ?? '').toLowerCase().split(/[-_]/)[0];
    if ((LANGUAGES as readonly string[]).includes(code)) return code as Language;
  }
  return 'ru';
}
