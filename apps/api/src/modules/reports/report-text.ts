import type { Locale } from '@mayak/domain';

/** The monthly report's own words, in the three languages of the console. */
export const REPORT_TEXT: Record<Locale, Record<string, string>> = {
  ru: {
    title: 'Ежемесячный статистический отчёт', line: 'Горячая линия 11616', period: 'Период', offices: 'Офисы', generated: 'Сформирован',
    contacts: 'Обращения', total: 'Всего', byChannel: 'По каналу', byCategory: 'По теме', byCallerType: 'По типу обратившегося', byLanguage: 'По языку',
    calls: 'Звонки', answered: 'Отвечено', missed: 'Пропущено', abandoned: 'Прервано в очереди', answerTime: 'Время ответа, медиана (с)',
    cases: 'Дела', openCases: 'Открытых дел', closures: 'Закрыто за период', referrals: 'Направления за период', callbacks: 'Обратные звонки выполнены',
    trafficking: 'Торговля людьми', identified: 'Установленные жертвы', possible: 'Возможные жертвы', byExploitation: 'По виду эксплуатации',
    byCitizenship: 'По гражданству', byGender: 'По полу', byAgeGroup: 'По возрасту', notRecorded: 'Не указано',
    suppressed: 'Значения меньше {k} скрыты (—), как и те, по которым их можно восстановить, чтобы никого нельзя было узнать.',
  },
  kk: {
    title: 'Ай сайынғы статистикалық есеп', line: '11616 сенім телефоны', period: 'Кезең', offices: 'Кеңселер', generated: 'Жасалған',
    contacts: 'Өтініштер', total: 'Барлығы', byChannel: 'Арна бойынша', byCategory: 'Тақырып бойынша', byCallerType: 'Өтініш берушінің түрі бойынша', byLanguage: 'Тіл бойынша',
    calls: 'Қоңыраулар', answered: 'Жауап берілді', missed: 'Өткізіп алынды', abandoned: 'Кезекте үзілді', answerTime: 'Жауап беру уақыты, медиана (с)',
    cases: 'Істер', openCases: 'Ашық істер', closures: 'Кезеңде жабылды', referrals: 'Кезеңдегі жолдамалар', callbacks: 'Орындалған кері қоңыраулар',
    trafficking: 'Адам саудасы', identified: 'Анықталған құрбандар', possible: 'Ықтимал құрбандар', byExploitation: 'Қанау түрі бойынша',
    byCitizenship: 'Азаматтығы бойынша', byGender: 'Жынысы бойынша', byAgeGroup: 'Жасы бойынша', notRecorded: 'Көрсетілмеген',
    suppressed: '{k}-ден кіші мәндер (және оларды қалпына келтіруге болатындар) жасырылған (—), ешкімді тануға болмауы үшін.',
  },
  en: {
    title: 'Monthly statistics report', line: 'Hotline 11616', period: 'Period', offices: 'Offices', generated: 'Generated',
    contacts: 'Contacts', total: 'Total', byChannel: 'By channel', byCategory: 'By topic', byCallerType: 'By type of caller', byLanguage: 'By language',
    calls: 'Calls', answered: 'Answered', missed: 'Missed', abandoned: 'Abandoned in the queue', answerTime: 'Time to answer, median (s)',
    cases: 'Cases', openCases: 'Open cases', closures: 'Closed in the period', referrals: 'Referrals in the period', callbacks: 'Callbacks completed',
    trafficking: 'Trafficking in persons', identified: 'Identified victims', possible: 'Possible victims', byExploitation: 'By type of exploitation',
    byCitizenship: 'By citizenship', byGender: 'By gender', byAgeGroup: 'By age', notRecorded: 'Not recorded',
    suppressed: 'Counts under {k}, and those from which they could be worked out, are hidden (—) so that nobody can be recognised.',
  },
};
