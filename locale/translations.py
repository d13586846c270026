"""The interface in Kazakh and Russian: msgid → {"kk": …, "ru": …}; plurals as lists (Russian: one, few, many).

English is the source language (its catalogue stays empty). locale/fill.py writes these into the .po files.
"""

TRANSLATIONS: dict[str, dict[str, str | list[str]]] = {
    # Site frame
    "press archive of Kazakhstan's 2026 constitutional reform": {
        "kk": "Қазақстанның 2026 жылғы конституциялық реформасы туралы баспасөз мұрағаты",
        "ru": "архив прессы о конституционной реформе Казахстана 2026 года"},
    "Search": {"kk": "Іздеу", "ru": "Поиск"},
    "People": {"kk": "Адамдар", "ru": "Люди"},
    "Organisations": {"kk": "Ұйымдар", "ru": "Организации"},
    "Events": {"kk": "Оқиғалар", "ru": "События"},
    "Saved": {"kk": "Сақталғандар", "ru": "Сохранённое"},
    "Interface language": {"kk": "Интерфейс тілі", "ru": "Язык интерфейса"},
    "texts in Russian, Kazakh (Cyrillic, Latin, Arabic script) and English": {
        "kk": "орыс, қазақ (кирилл, латын, араб жазуы) және ағылшын тілдеріндегі мәтіндер",
        "ru": "тексты на русском, казахском (кириллица, латиница, арабское письмо) и английском"},
    "curation": {"kk": "редакциялау", "ru": "редактирование"},
    "words, “a phrase”, person:Токаев, lang:kk": {
        "kk": "сөздер, “сөз тіркесі”, person:Тоқаев, lang:kk", "ru": "слова, “фраза”, person:Токаев, lang:kk"},
    "Search the archive": {"kk": "Мұрағаттан іздеу", "ru": "Поиск по архиву"},
    "how to search: operators, fields, wildcards": {
        "kk": "қалай іздеу керек: операторлар, өрістер, маскалар", "ru": "как искать: операторы, поля, маски"},
    "how to search": {"kk": "қалай іздеу керек", "ru": "как искать"},
    # Error pages (archive/failure.py)
    "Temporarily unavailable": {"kk": "Уақытша қолжетімсіз", "ru": "Временно недоступно"},
    "The archive's database is not answering. Nothing is lost; please try again in a minute.": {
        "kk": "Мұрағаттың дерекқоры жауап бермей тұр. Ештеңе жоғалған жоқ; бір минуттан кейін қайталап көріңіз.",
        "ru": "База данных архива не отвечает. Ничего не потеряно; попробуйте ещё раз через минуту."},
    "Try again": {"kk": "Қайталау", "ru": "Попробовать снова"},
    "Page not found": {"kk": "Бет табылмады", "ru": "Страница не найдена"},
    "There is no page at this address. It may have been mistyped, or the record may have been merged or removed.": {
        "kk": "Бұл мекенжайда бет жоқ. Мекенжай қате терілген болуы мүмкін немесе жазба біріктірілген не жойылған.",
        "ru": "По этому адресу страницы нет. Возможно, адрес набран с ошибкой или запись объединена с другой или "
              "удалена."},
    "Home": {"kk": "Басты бет", "ru": "Главная"},
    "Server error": {"kk": "Сервер қатесі", "ru": "Ошибка сервера"},
    "Something went wrong on our side while preparing this page. It has been logged; please try again later.": {
        "kk": "Бұл бетті дайындау кезінде біз жақта қате шықты. Ол тіркелді; кейінірек қайталап көріңіз.",
        "ru": "При подготовке этой страницы на нашей стороне произошла ошибка. Она записана в журнал; "
              "попробуйте позже."},
    "ERROR: export incomplete — the database stopped answering after %(rows)s rows": {
        "kk": "ҚАТЕ: экспорт толық емес — дерекқор %(rows)s жолдан кейін жауап беруді тоқтатты",
        "ru": "ОШИБКА: выгрузка неполная — база данных перестала отвечать после %(rows)s строк"},
    # Home
    "Press archive of the 2026 constitutional reform": {
        "kk": "2026 жылғы конституциялық реформа туралы баспасөз мұрағаты",
        "ru": "Архив прессы о конституционной реформе 2026 года"},
    "the press on Kazakhstan's 2026 constitutional reform, in Russian, Kazakh and English": {
        "kk": "Қазақстанның 2026 жылғы конституциялық реформасы туралы баспасөз: орыс, қазақ және ағылшын тілдерінде",
        "ru": "пресса о конституционной реформе Казахстана 2026 года на русском, казахском и английском"},
    "Try": {"kk": "Мысалы:", "ru": "Попробуйте"},
    "or": {"kk": "немесе", "ru": "или"},
    "%(shown)s article": {"kk": ["%(shown)s мақала", "%(shown)s мақала"],
                            "ru": ["%(shown)s статья", "%(shown)s статьи", "%(shown)s статей"]},
    "%(undated)s undated": {"kk": "%(undated)s мақаланың күні жоқ", "ru": "без даты: %(undated)s"},
    "%(shown)s person": {"kk": ["%(shown)s адам", "%(shown)s адам"],
                           "ru": ["%(shown)s человек", "%(shown)s человека", "%(shown)s человек"]},
    "%(shown)s organisation": {"kk": ["%(shown)s ұйым", "%(shown)s ұйым"],
                                 "ru": ["%(shown)s организация", "%(shown)s организации",
                                        "%(shown)s организаций"]},
    "%(shown)s event": {"kk": ["%(shown)s оқиға", "%(shown)s оқиға"],
                          "ru": ["%(shown)s событие", "%(shown)s события", "%(shown)s событий"]},
    "Latest": {"kk": "Соңғылары", "ru": "Последние"},
    "The archive is empty: import texts with": {"kk": "Мұрағат бос: мәтіндерді мына бұйрықпен жүктеңіз:",
                                                "ru": "Архив пуст: загрузите тексты командой"},
    # Facets and filters
    "Language": {"kk": "Тіл", "ru": "Язык"},
    "Month": {"kk": "Ай", "ru": "Месяц"},
    "Source": {"kk": "Басылым", "ru": "Издание"},
    "Filters": {"kk": "Сүзгілер", "ru": "Фильтры"},
    "remove this filter": {"kk": "бұл сүзгіні алып тастау", "ru": "убрать этот фильтр"},
    "include it again": {"kk": "қайта қосу", "ru": "вернуть"},
    "leave these out": {"kk": "бұларды алып тастау", "ru": "исключить"},
    "include %(label)s again": {"kk": "%(label)s қайта қосу", "ru": "вернуть: %(label)s"},
    "leave out %(label)s": {"kk": "%(label)s алып тастау", "ru": "исключить: %(label)s"},
    "Filters in force": {"kk": "Қолданыстағы сүзгілер", "ru": "Действующие фильтры"},
    "not": {"kk": "емес:", "ru": "не"},
    "remove the filter %(label)s": {"kk": "%(label)s сүзгісін алып тастау", "ru": "убрать фильтр: %(label)s"},
    # Jump to the hit
    "previous match": {"kk": "алдыңғы сәйкестік", "ru": "предыдущее совпадение"},
    "next match": {"kk": "келесі сәйкестік", "ru": "следующее совпадение"},
    "%(shown)s match in the text": {
        "kk": ["мәтінде %(shown)s сәйкестік", "мәтінде %(shown)s сәйкестік"],
        "ru": ["%(shown)s совпадение в тексте", "%(shown)s совпадения в тексте",
               "%(shown)s совпадений в тексте"]},
    "first match": {"kk": "алғашқы сәйкестік", "ru": "первое совпадение"},
    "only the first %(max_marks)s are marked": {"kk": "тек алғашқы %(max_marks)s белгіленген",
                                                 "ru": "отмечены только первые %(max_marks)s"},
    "No match for «%(query)s» in the text itself": {"kk": "Мәтіннің өзінде «%(query)s» табылмады",
                                                     "ru": "В самом тексте «%(query)s» не найдено"},
    "Back to results": {"kk": "Нәтижелерге оралу", "ru": "Назад к результатам"},
    # Saved searches, collections, accounts
    "Name": {"kk": "Атауы", "ru": "Название"},
    "Collection": {"kk": "Жинақ", "ru": "Подборка"},
    "or a new collection": {"kk": "немесе жаңа жинақ", "ru": "или новая подборка"},
    "Note": {"kk": "Ескертпе", "ru": "Заметка"},
    "Choose a collection or name a new one.": {"kk": "Жинақты таңдаңыз немесе жаңасына ат беріңіз.",
                                               "ru": "Выберите подборку или назовите новую."},
    "Keep in a collection": {"kk": "Жинаққа сақтау", "ru": "Сохранить в подборку"},
    "Keep": {"kk": "Сақтау", "ru": "Сохранить"},
    "Export:": {"kk": "Жүктеп алу:", "ru": "Выгрузка:"},
    "All collections": {"kk": "Барлық жинақтар", "ru": "Все подборки"},
    "Save the note": {"kk": "Ескертпені сақтау", "ru": "Сохранить заметку"},
    "Take out": {"kk": "Алып тастау", "ru": "Убрать"},
    "Nothing in it yet: open an article and choose «Keep in a collection».": {
        "kk": "Әзірге бос: мақаланы ашып, «Жинаққа сақтау» таңдаңыз.",
        "ru": "Пока пусто: откройте статью и выберите «Сохранить в подборку»."},
    "Delete this collection": {"kk": "Бұл жинақты жою", "ru": "Удалить подборку"},
    "Collections": {"kk": "Жинақтар", "ru": "Подборки"},
    "No collections yet: keep an article from its page, or start one here.": {
        "kk": "Әзірге жинақ жоқ: мақаланы өз бетінен сақтаңыз немесе осы жерде жинақ бастаңыз.",
        "ru": "Подборок пока нет: сохраните статью с её страницы или начните подборку здесь."},
    "New collection": {"kk": "Жаңа жинақ", "ru": "Новая подборка"},
    "Create": {"kk": "Құру", "ru": "Создать"},
    "Saved searches": {"kk": "Сақталған іздеулер", "ru": "Сохранённые поиски"},
    "Save this search:": {"kk": "Осы іздеуді сақтау:", "ru": "Сохранить этот поиск:"},
    "Save": {"kk": "Сақтау", "ru": "Сохранить"},
    "every article": {"kk": "барлық мақала", "ru": "все статьи"},
    "Atom feed (private: keep the address to yourself):": {
        "kk": "Atom арнасы (жеке: мекенжайды ешкімге бермеңіз):",
        "ru": "Лента Atom (личная: не передавайте адрес другим):"},
    "Delete": {"kk": "Жою", "ru": "Удалить"},
    "No saved searches yet: use «Save this search» on a results page.": {
        "kk": "Әзірге сақталған іздеу жоқ: нәтижелер бетіндегі «Осы іздеуді сақтау» сілтемесін пайдаланыңыз.",
        "ru": "Сохранённых поисков пока нет: используйте «Сохранить этот поиск» на странице результатов."},
    "Sign out": {"kk": "Шығу", "ru": "Выйти"},
    "Sign in": {"kk": "Кіру", "ru": "Войти"},
    "Accounts keep saved searches and collections; the archive's staff create them.": {
        "kk": "Тіркелгі іздеулер мен жинақтарды сақтайды; оларды мұрағат қызметкерлері ашады.",
        "ru": "В учётной записи хранятся сохранённые поиски и подборки; их создают сотрудники архива."},
    # Search results page
    "search": {"kk": "іздеу", "ru": "поиск"},
    "How to search": {"kk": "Қалай іздеу керек", "ru": "Как искать"},
    "%(shown)s result for «%(q)s»": {
        "kk": ["«%(q)s» бойынша %(shown)s нәтиже", "«%(q)s» бойынша %(shown)s нәтиже"],
        "ru": ["%(shown)s результат по запросу «%(q)s»", "%(shown)s результата по запросу «%(q)s»",
               "%(shown)s результатов по запросу «%(q)s»"]},
    "%(n)s after grouping copies": {"kk": "көшірмелер топталғанда %(n)s", "ru": "%(n)s после группировки копий"},
    "Did you mean": {"kk": "Мүмкін, мынаны іздедіңіз:", "ru": "Возможно, вы имели в виду"},
    "Sort:": {"kk": "Сұрыптау:", "ru": "Сортировка:"},
    "relevance": {"kk": "сәйкестігі", "ru": "по релевантности"},
    "newest": {"kk": "ең жаңасы", "ru": "сначала новые"},
    "oldest": {"kk": "ең ескісі", "ru": "сначала старые"},
    "copies grouped": {"kk": "көшірмелер топталған", "ru": "копии сгруппированы"},
    "show every copy": {"kk": "әр көшірмені көрсету", "ru": "показать все копии"},
    "group copies": {"kk": "көшірмелерді топтау", "ru": "сгруппировать копии"},
    "Save this search": {"kk": "Осы іздеуді сақтау", "ru": "Сохранить этот поиск"},
    "no date": {"kk": "күні жоқ", "ru": "без даты"},
    "+%(shown)s copy": {"kk": ["+%(shown)s көшірме", "+%(shown)s көшірме"],
                          "ru": ["+%(shown)s копия", "+%(shown)s копии", "+%(shown)s копий"]},
    "Nothing matches «%(q)s»": {"kk": "«%(q)s» бойынша ештеңе табылмады", "ru": "По запросу «%(q)s» ничего не найдено"},
    "Nothing matches": {"kk": "Ештеңе табылмады", "ru": "Ничего не найдено"},
    "with these filters": {"kk": "осы сүзгілермен", "ru": "с этими фильтрами"},
    "Check the spelling, or try fewer words; Russian, Kazakh and English word forms are matched for you, and Kazakh "
    "in any script (Тоқаев, Toqaev, توقايەۆ).": {
        "kk": "Емлені тексеріңіз немесе сөздерді азайтыңыз; орыс, қазақ және ағылшын сөздерінің тұлғалары өзі "
              "ескеріледі, қазақ тілі кез келген жазуда да (Тоқаев, Toqaev, توقايەۆ).",
        "ru": "Проверьте написание или уберите часть слов; формы русских, казахских и английских слов учитываются "
              "сами, а казахский — на любой графике (Тоқаев, Toqaev, توقايەۆ)."},
    "Names match across scripts: Тоқаев, Токаев and Tokayev are the same.": {
        "kk": "Есімдер жазуға қарамай сәйкестенеді: Тоқаев, Токаев және Tokayev — бір адам.",
        "ru": "Имена сопоставляются на любой графике: Тоқаев, Токаев и Tokayev — один человек."},
    "Search again without filters": {"kk": "Сүзгісіз қайта іздеу", "ru": "Искать снова без фильтров"},
    "pages": {"kk": "беттер", "ru": "страницы"},
    "previous": {"kk": "алдыңғы", "ru": "назад"},
    "next": {"kk": "келесі", "ru": "вперёд"},
    "page %(page_number)s of %(pages)s": {"kk": "%(pages)s беттің %(page_number)s-беті",
                                          "ru": "страница %(page_number)s из %(pages)s"},
    "Published from": {"kk": "Жарияланған күні: бастап", "ru": "Опубликовано с"},
    "to": {"kk": "дейін", "ru": "по"},
    "Apply dates": {"kk": "Күндерді қолдану", "ru": "Применить даты"},
    "Counts are articles, copies included.": {"kk": "Сандар — мақалалар саны, көшірмелерімен қоса.",
                                              "ru": "Числа — это статьи, включая копии."},
    # Exports and citations
    "CSV with full texts": {"kk": "толық мәтіндері бар CSV", "ru": "CSV с полными текстами"},
    "JSON Lines": {"kk": "JSON Lines", "ru": "JSON Lines"},
    "Atom feed": {"kk": "Atom арнасы", "ru": "Лента Atom"},
    "Cite all:": {"kk": "Барлығына сілтеме:", "ru": "Цитировать всё:"},
    "Newest matches (Atom feed)": {"kk": "Ең жаңа нәтижелер (Atom арнасы)", "ru": "Новые совпадения (лента Atom)"},
    "Download citation:": {"kk": "Сілтемені жүктеп алу:", "ru": "Скачать ссылку:"},
    "The export could not run: %(reason)s": {"kk": "Жүктеп алу орындалмады: %(reason)s",
                                             "ru": "Выгрузка не выполнена: %(reason)s"},
    "No citation format «%(format)s».": {"kk": "«%(format)s» сілтеме пішімі жоқ.",
                                         "ru": "Формата ссылки «%(format)s» нет."},
    "Qujat: «%(query)s»": {"kk": "Qujat: «%(query)s»", "ru": "Qujat: «%(query)s»"},
    "Qujat: all articles": {"kk": "Qujat: барлық мақала", "ru": "Qujat: все статьи"},
    "Newest articles matching this search in the Qujat press archive": {
        "kk": "Qujat баспасөз мұрағатындағы осы іздеуге сәйкес ең жаңа мақалалар",
        "ru": "Новые статьи архива прессы Qujat по этому поиску"},
    # Article page
    "the text had no headline": {"kk": "мәтінде тақырып болмады", "ru": "у текста не было заголовка"},
    "title from the opening words": {"kk": "тақырып алғашқы сөздерден алынды", "ru": "заголовок из первых слов"},
    "no publication date": {"kk": "жарияланған күні жоқ", "ru": "нет даты публикации"},
    "Marked for review:": {"kk": "Тексеруге белгіленді:", "ru": "Отмечено для проверки:"},
    "Photo:": {"kk": "Фото:", "ru": "Фото:"},
    "Also published by": {"kk": "Сондай-ақ жариялаған:", "ru": "Также опубликовано:"},
    "an outlet not identified": {"kk": "анықталмаған басылым", "ru": "неустановленное издание"},
    "outlet not identified": {"kk": "басылым анықталмаған", "ru": "издание не установлено"},
    "Who said what": {"kk": "Кім не деді", "ru": "Кто что сказал"},
    "speaker not identified": {"kk": "айтушы анықталмаған", "ru": "автор слов не установлен"},
    "Outlet": {"kk": "Басылым", "ru": "Издание"},
    "not known": {"kk": "белгісіз", "ru": "неизвестно"},
    "Issued by": {"kk": "Таратқан", "ru": "Источник сообщения"},
    "Original": {"kk": "Түпнұсқа", "ru": "Оригинал"},
    "address not known": {"kk": "мекенжайы белгісіз", "ru": "адрес неизвестен"},
    "Cite as": {"kk": "Сілтеме", "ru": "Как цитировать"},
    "Origins": {"kk": "Файлдар", "ru": "Файлы"},
    "Origin": {"kk": "Файл", "ru": "Файл"},
    "Related coverage": {"kk": "Қатысты жарияланымдар", "ru": "Связанные публикации"},
    "needs review": {"kk": "тексеру керек", "ru": "требует проверки"},
    # Coverage chart
    "Coverage over time": {"kk": "Уақыт бойынша жарияланымдар", "ru": "Публикации во времени"},
    "Numbers as a table": {"kk": "Сандар кесте түрінде", "ru": "Числа таблицей"},
    "Week": {"kk": "Апта", "ru": "Неделя"},
    "Matching": {"kk": "Сәйкес", "ru": "Совпадает"},
    "All articles": {"kk": "Барлық мақала", "ru": "Все статьи"},
    "Share": {"kk": "Үлесі", "ru": "Доля"},
    "week of %(date)s": {"kk": "%(date)s басталған апта", "ru": "неделя с %(date)s"},
    "unknown": {"kk": "белгісіз", "ru": "неизвестно"},
    "Show as counts": {"kk": "Санмен көрсету", "ru": "Показать числа"},
    "Show as share of all articles": {"kk": "Барлық мақаладағы үлесімен көрсету", "ru": "Показать долю от всех статей"},
    "Share of all articles in each week that match, by language": {
        "kk": "Әр аптадағы барлық мақаланың сәйкес келетін үлесі, тілдер бойынша",
        "ru": "Доля подходящих статей среди всех статей недели, по языкам"},
    "Share of all articles in each month that match, by language": {
        "kk": "Әр айдағы барлық мақаланың сәйкес келетін үлесі, тілдер бойынша",
        "ru": "Доля подходящих статей среди всех статей месяца, по языкам"},
    "Matching articles per week, by language": {"kk": "Апта сайынғы сәйкес мақалалар, тілдер бойынша",
                                                "ru": "Подходящие статьи по неделям, по языкам"},
    "Matching articles per month, by language": {"kk": "Ай сайынғы сәйкес мақалалар, тілдер бойынша",
                                                 "ru": "Подходящие статьи по месяцам, по языкам"},
    "%(count)s dated article from %(first)s to %(last)s.": {
        "kk": ["%(first)s – %(last)s аралығында күні бар %(count)s мақала.",
               "%(first)s – %(last)s аралығында күні бар %(count)s мақала."],
        "ru": ["%(count)s статья с датой, с %(first)s по %(last)s.",
               "%(count)s статьи с датой, с %(first)s по %(last)s.",
               "%(count)s статей с датой, с %(first)s по %(last)s."]},
    "By language: %(languages)s.": {"kk": "Тілдер бойынша: %(languages)s.", "ru": "По языкам: %(languages)s."},
    "Bars show the share of all the archive's articles in each period (every language) that match; the highest is "
    "%(share)s in %(period)s.": {
        "kk": "Бағандар әр кезеңдегі мұрағаттың барлық мақаласының (барлық тілде) сәйкес келетін үлесін көрсетеді; "
              "ең көбі — %(period)s: %(share)s.",
        "ru": "Столбцы показывают долю подходящих статей среди всех статей архива за период (на всех языках); "
              "больше всего — %(share)s в %(period)s."},
    "The most are in %(period)s: %(count)s.": {"kk": "Ең көбі — %(period)s: %(count)s.",
                                               "ru": "Больше всего — %(period)s: %(count)s."},
    "%(count)s article without a date is not shown.": {
        "kk": ["Күні жоқ %(count)s мақала көрсетілмеген.", "Күні жоқ %(count)s мақала көрсетілмеген."],
        "ru": ["%(count)s статья без даты не показана.", "%(count)s статьи без даты не показаны.",
               "%(count)s статей без даты не показаны."]},
    # Browse pages, entity pages and their filters
    "any language": {"kk": "кез келген тіл", "ru": "любой язык"},
    "any source": {"kk": "кез келген басылым", "ru": "любое издание"},
    "from": {"kk": "бастап", "ru": "с"},
    "any status": {"kk": "кез келген күй", "ru": "любой статус"},
    "name or spelling": {"kk": "есімі немесе жазылуы", "ru": "имя или написание"},
    "role": {"kk": "лауазымы", "ru": "должность"},
    "named in": {"kk": "аталған тіл", "ru": "упоминается на языке"},
    "name or abbreviation": {"kk": "атауы немесе қысқартуы", "ru": "название или сокращение"},
    "any kind": {"kk": "кез келген түрі", "ru": "любой вид"},
    "Articles": {"kk": "Мақалалар", "ru": "Статьи"},
    "%(n)s in the archive": {"kk": "мұрағатта %(n)s", "ru": "в архиве: %(n)s"},
    "filtered": {"kk": "сүзілген", "ru": "с фильтром"},
    "No articles match. Import texts with": {"kk": "Сәйкес мақала жоқ. Мәтіндерді мына бұйрықпен жүктеңіз:",
                                             "ru": "Подходящих статей нет. Загрузите тексты командой"},
    ", or clear the filters.": {"kk": " немесе сүзгілерді тазартыңыз.", "ru": " или сбросьте фильтры."},
    "Filter": {"kk": "Сүзгі", "ru": "Фильтр"},
    "Apply": {"kk": "Қолдану", "ru": "Применить"},
    "clear": {"kk": "тазарту", "ru": "сбросить"},
    "event": {"kk": "оқиға", "ru": "событие"},
    "name": {"kk": "аты", "ru": "имя"},
    "articles": {"kk": "мақалалар", "ru": "статьи"},
    "None match.": {"kk": "Сәйкес ештеңе жоқ.", "ru": "Ничего не подходит."},
    "Participants:": {"kk": "Қатысушылар:", "ru": "Участники:"},
    "What was said": {"kk": "Не айтылды", "ru": "Что было сказано"},
    "Appears most with": {"kk": "Жиі бірге аталатындар", "ru": "Чаще всего упоминается вместе с"},
    "Articles (%(n)s)": {"kk": "Мақалалар (%(n)s)", "ru": "Статьи (%(n)s)"},
    "undated": {"kk": "күні жоқ", "ru": "без даты"},
    "No articles yet.": {"kk": "Әзірге мақала жоқ.", "ru": "Статей пока нет."},
    "All %(n)s articles in search": {"kk": "Іздеудегі барлық %(n)s мақала", "ru": "Все %(n)s статей в поиске"},
    "filter, sort, export": {"kk": "сүзу, сұрыптау, жүктеп алу", "ru": "фильтры, сортировка, выгрузка"},
    "newer": {"kk": "жаңарақ", "ru": "новее"},
    "older": {"kk": "ескірек", "ru": "старше"},
    "Written as:": {"kk": "Жазылуы:", "ru": "Написания:"},
    "Search within this organisation's coverage": {"kk": "Осы ұйым туралы жарияланымдардан іздеу",
                                                   "ru": "Искать в публикациях об этой организации"},
    "Search within this person's coverage": {"kk": "Осы адам туралы жарияланымдардан іздеу",
                                             "ru": "Искать в публикациях об этом человеке"},
    "Quotes": {"kk": "Дәйексөздер", "ru": "Цитаты"},
    "%(n)s copies in all; the first %(shown)s are listed.": {
        "kk": "Барлығы %(n)s көшірме; алғашқы %(shown)s тізілген.",
        "ru": "Всего копий: %(n)s; показаны первые %(shown)s."},
    "Find in %(facet)s": {"kk": "%(facet)s ішінен табу", "ru": "Найти: %(facet)s"},
    "Find": {"kk": "Табу", "ru": "Найти"},
    "show fewer": {"kk": "азырақ көрсету", "ru": "показать меньше"},
    "show all": {"kk": "барлығын көрсету", "ru": "показать все"},
    "Search is unavailable while its index is being repaired or rebuilt; please try again in a few minutes.": {
        "kk": "Индекс жөнделіп немесе қайта құрылып жатқанда іздеу қолжетімсіз; "
              "бірнеше минуттан кейін қайталап көріңіз.",
        "ru": "Поиск недоступен, пока его индекс чинится или перестраивается; попробуйте через несколько минут."},
    # Query messages (archive/search/parsing.py, query.py): the words typed are quoted as typed
    "The query could not be understood; please check its quotes, parentheses and operators.": {
        "kk": "Сұрауды түсіну мүмкін болмады; тырнақшаларды, жақшаларды және операторларды тексеріңіз.",
        "ru": "Запрос не удалось понять; проверьте кавычки, скобки и операторы."},
    "«%(typed)s» was searched as a word; write OR in capitals to find either word.": {
        "kk": "«%(typed)s» сөз ретінде ізделді; екі сөздің бірін табу үшін OR деп бас әріппен жазыңыз.",
        "ru": "«%(typed)s» искалось как слово; чтобы найти любое из слов, напишите OR заглавными."},
    "«%(typed)s» was searched as a word; leave it out (all words must match anyway) or write AND in capitals.": {
        "kk": "«%(typed)s» сөз ретінде ізделді; оны алып тастаңыз (барлық сөз бәрібір сәйкес келуі керек) "
              "немесе AND деп бас әріппен жазыңыз.",
        "ru": "«%(typed)s» искалось как слово; уберите его (все слова и так должны совпасть) "
              "или напишите AND заглавными."},
    "«%(typed)s» was searched as a word; write NOT in capitals (or -word) to leave a word out.": {
        "kk": "«%(typed)s» сөз ретінде ізделді; сөзді шығарып тастау үшін NOT деп бас әріппен (немесе -сөз) "
              "жазыңыз.",
        "ru": "«%(typed)s» искалось как слово; чтобы исключить слово, напишите NOT заглавными (или -слово)."},
    "«%(typed)s»: a wildcard needs at least %(least)s letters before * or ? (e.g. конститу*).": {
        "kk": "«%(typed)s»: маскада * немесе ? алдында кемінде %(least)s әріп болуы керек (мысалы, конститу*).",
        "ru": "«%(typed)s»: в маске перед * или ? нужно не меньше %(least)s букв (например, конститу*)."},
    "The query is %(length)s characters long; please keep it under %(limit)s.": {
        "kk": "Сұрау ұзындығы %(length)s таңба; оны %(limit)s таңбадан қысқа етіңіз.",
        "ru": "Длина запроса %(length)s символов; сократите его до %(limit)s."},
    "The query has %(count)s words; at most %(limit)s can be searched at once.": {
        "kk": "Сұрауда %(count)s сөз бар; бір рет ең көбі %(limit)s сөз іздеуге болады.",
        "ru": "В запросе %(count)s слов; за один раз можно искать не больше %(limit)s."},
    "The query nests parentheses more than %(limit)s deep; please simplify it.": {
        "kk": "Сұраудағы жақшалар %(limit)s деңгейден терең салынған; сұрауды жеңілдетіңіз.",
        "ru": "Скобки в запросе вложены глубже %(limit)s уровней; упростите запрос."},
    "There are no words left to search for.": {
        "kk": "Іздейтін сөз қалмады.", "ru": "Не осталось слов для поиска."},
    "The query is too complex to understand; please simplify it.": {
        "kk": "Сұрау түсіну үшін тым күрделі; оны жеңілдетіңіз.",
        "ru": "Запрос слишком сложен; упростите его."},
    "The query could not be understood (%(error)s).": {
        "kk": "Сұрауды түсіну мүмкін болмады (%(error)s).", "ru": "Запрос не удалось понять (%(error)s)."},
    "The query has no words to search for.": {
        "kk": "Сұрауда іздейтін сөз жоқ.", "ru": "В запросе нет слов для поиска."},
    "A quotation mark was not closed, so the words after it were searched as separate words.": {
        "kk": "Тырнақша жабылмаған, сондықтан одан кейінгі сөздер жеке сөздер ретінде ізделді.",
        "ru": "Кавычка не закрыта, поэтому слова после неё искались по отдельности."},
    "There is no field «%(field)s:», so «%(value)s» was searched in the whole text; the fields are %(fields)s.": {
        "kk": "«%(field)s:» деген өріс жоқ, сондықтан «%(value)s» бүкіл мәтіннен ізделді; өрістер: %(fields)s.",
        "ru": "Поля «%(field)s:» нет, поэтому «%(value)s» искалось во всём тексте; поля: %(fields)s."},
    "«%(field)s:» has nothing after the colon, so it was left out; write what to look for right after it, "
    "e.g. %(example)s.": {
        "kk": "«%(field)s:» қос нүктеден кейін ештеңе жоқ, сондықтан ол алынып тасталды; не іздейтініңізді "
              "қос нүктеден кейін бірден жазыңыз, мысалы, %(example)s.",
        "ru": "После «%(field)s:» ничего нет, поэтому оно пропущено; напишите, что искать, сразу после "
              "двоеточия, например %(example)s."},
    "«%(typed)s» (%(letters)s letters) is too long to be a word and was left out.": {
        "kk": "«%(typed)s» (%(letters)s әріп) сөз болу үшін тым ұзын, сондықтан алынып тасталды.",
        "ru": "«%(typed)s» (%(letters)s букв) слишком длинно для слова и пропущено."},
    "There is no language «%(value)s» in the archive; the languages are %(languages)s.": {
        "kk": "Мұрағатта «%(value)s» тілі жоқ; тілдер: %(languages)s.",
        "ru": "Языка «%(value)s» в архиве нет; языки: %(languages)s."},
    "«%(typed)s»: «%(value)s» does not look like a name (letters repeated or added at the end), "
    "so it was left out.": {
        "kk": "«%(typed)s»: «%(value)s» есімге ұқсамайды (әріптер қайталанған немесе соңына қосылған), "
              "сондықтан алынып тасталды.",
        "ru": "«%(typed)s»: «%(value)s» не похоже на имя (буквы повторены или добавлены в конце), "
              "поэтому пропущено."},
    "«%(typed)s»: ~ cannot be combined with * or ?, so the ~ was ignored.": {
        "kk": "«%(typed)s»: ~ белгісін * немесе ? белгісімен бірге қолдануға болмайды, сондықтан ~ ескерілмеді.",
        "ru": "«%(typed)s»: ~ нельзя сочетать с * или ?, поэтому ~ не учтена."},
    "«%(typed)s»: ~ works on words of %(least)s to %(most)s letters, so «%(word)s» was searched as it is.": {
        "kk": "«%(typed)s»: ~ %(least)s–%(most)s әріпті сөздерде жұмыс істейді, сондықтан «%(word)s» "
              "жазылғандай ізделді.",
        "ru": "«%(typed)s»: ~ работает для слов от %(least)s до %(most)s букв, поэтому «%(word)s» искалось "
              "как написано."},
    "«%(typed)s»: at most %(limit)s mistakes can be allowed, so it was searched as %(word)s.": {
        "kk": "«%(typed)s»: ең көбі %(limit)s қатеге рұқсат етіледі, сондықтан %(word)s ретінде ізделді.",
        "ru": "«%(typed)s»: допускается не больше %(limit)s ошибок, поэтому искалось %(word)s."},
    "«%(typed)s» at the start had nothing to join, so it was ignored.": {
        "kk": "Басындағы «%(typed)s» ештеңені байланыстырмайды, сондықтан ескерілмеді.",
        "ru": "«%(typed)s» в начале ничего не соединяет, поэтому не учтено."},
    "«%(typed)s» after «%(before)s» had nothing to join, so it was ignored.": {
        "kk": "«%(before)s» кейінгі «%(typed)s» ештеңені байланыстырмайды, сондықтан ескерілмеді.",
        "ru": "«%(typed)s» после «%(before)s» ничего не соединяет, поэтому не учтено."},
    "«%(typed)s» repeated the NOT before it; the two were read as one NOT.": {
        "kk": "«%(typed)s» алдындағы NOT-ты қайталайды; екеуі бір NOT ретінде оқылды.",
        "ru": "«%(typed)s» повторяет предыдущее NOT; оба прочитаны как одно NOT."},
    "A closing parenthesis «)» had no opening one and was ignored.": {
        "kk": "Жабатын «)» жақшасының ашатын жұбы жоқ, сондықтан ескерілмеді.",
        "ru": "У закрывающей скобки «)» нет открывающей, поэтому она не учтена."},
    "A parenthesis «(» was not closed; it was closed at the end of the query.": {
        "kk": "«(» жақшасы жабылмаған; ол сұраудың соңында жабылды.",
        "ru": "Скобка «(» не закрыта; она закрыта в конце запроса."},
    "«%(typed)s» had nothing after it, so it was ignored.": {
        "kk": "«%(typed)s» кейін ештеңе жоқ, сондықтан ескерілмеді.",
        "ru": "После «%(typed)s» ничего нет, поэтому оно не учтено."},
    "«%(typed)s» matches many words; only the first %(limit)s were searched.": {
        "kk": "«%(typed)s» көп сөзге сәйкес келеді; тек алғашқы %(limit)s сөз ізделді.",
        "ru": "«%(typed)s» подходит ко многим словам; искались только первые %(limit)s."},
    "«%(typed)s» with ~ is close to many words; only the %(limit)s closest were searched.": {
        "kk": "~ белгісі бар «%(typed)s» көп сөзге жақын; тек ең жақын %(limit)s сөз ізделді.",
        "ru": "«%(typed)s» с ~ близко ко многим словам; искались только %(limit)s ближайших."},
    "The end date (%(end)s) is before the start date (%(start)s), so nothing was searched; swap the dates "
    "or leave one of them empty.": {
        "kk": "Аяқталу күні (%(end)s) басталу күнінен (%(start)s) бұрын, сондықтан ештеңе ізделмеді; күндерді "
              "ауыстырыңыз немесе біреуін бос қалдырыңыз.",
        "ru": "Дата конца (%(end)s) раньше даты начала (%(start)s), поэтому поиск не выполнялся; поменяйте "
              "даты местами или оставьте одну пустой."},
    "This query is too expensive to answer quickly; please use fewer or more specific words.": {
        "kk": "Бұл сұрауға тез жауап беру тым қымбат; азырақ немесе нақтырақ сөздер қолданыңыз.",
        "ru": "Этот запрос слишком тяжёл для быстрого ответа; используйте меньше слов или более точные."},
    # Curation (admin): actions, messages, the review queue, merging, adding a text
    "what": {"kk": "не", "ru": "что"},
    "article": {"kk": "мақала", "ru": "статья"},
    "confidence": {"kk": "сенімділік", "ru": "уверенность"},
    "decide": {"kk": "шешім", "ru": "решение"},
    "speaker unknown": {"kk": "айтушы белгісіз", "ru": "говорящий неизвестен"},
    "approve": {"kk": "бекіту", "ru": "одобрить"},
    "reject": {"kk": "қабылдамау", "ru": "отклонить"},
    "Nothing waits.": {"kk": "Күтіп тұрған ештеңе жоқ.", "ru": "Ничего не ждёт."},
    "Choose the record to keep. The others are folded into it: their names become aliases, and every alias, "
    "mention, quote, article and participant moves over; their pages redirect to the one kept. The change is "
    "recorded in the history and reaches the search at once.": {
        "kk": "Қалдыратын жазбаны таңдаңыз. Қалғандары соған біріктіріледі: олардың атаулары баламалы атауларға "
              "айналады, ал әр баламалы атау, аталым, дәйексөз, мақала және қатысушы соған көшеді; олардың беттері "
              "қалдырылған жазбаға бағытталады. Өзгеріс тарихқа жазылады және іздеуге бірден жетеді.",
        "ru": "Выберите запись, которую нужно оставить. Остальные сливаются с ней: их имена становятся "
              "вариантами написания, а все варианты, упоминания, цитаты, статьи и участники переходят к ней; их "
              "страницы перенаправляют на оставленную. Изменение записывается в историю и сразу попадает в поиск."},
    "keep": {"kk": "қалдыру", "ru": "оставить"},
    "aliases": {"kk": "баламалы атаулар", "ru": "варианты написания"},
    "Merge": {"kk": "Біріктіру", "ru": "Объединить"},
    "cancel": {"kk": "бас тарту", "ru": "отмена"},
    "Articles marked for review (%(article_count)s)": {
        "kk": "Тексеруге белгіленген мақалалар (%(article_count)s)",
        "ru": "Статьи, отмеченные для проверки (%(article_count)s)"},
    "why": {"kk": "себебі", "ru": "почему"},
    "date": {"kk": "күні", "ru": "дата"},
    "People named with low confidence": {
        "kk": "Сенімділігі төмен аталған адамдар", "ru": "Люди, названные с низкой уверенностью"},
    "Organisations named with low confidence": {
        "kk": "Сенімділігі төмен аталған ұйымдар", "ru": "Организации, названные с низкой уверенностью"},
    "Quotes attributed with low confidence": {
        "kk": "Авторы сенімділігі төмен анықталған дәйексөздер",
        "ru": "Цитаты, приписанные с низкой уверенностью"},
    "Curation": {"kk": "Редакциялау", "ru": "Редактирование"},
    "Review queue": {"kk": "Тексеру кезегі", "ru": "Очередь проверки"},
    "articles the importer was unsure of, and low-confidence people, organisations and quotes, with approve / "
    "reject.": {
        "kk": "импорттаушы сенімсіз болған мақалалар және сенімділігі төмен адамдар, ұйымдар мен дәйексөздер, "
              "бекіту / қабылдамау батырмаларымен.",
        "ru": "статьи, в которых импорт не уверен, и люди, организации и цитаты с низкой уверенностью — с "
              "кнопками «одобрить» / «отклонить»."},
    "Add": {"kk": "Қосу", "ru": "Добавить"},
    "The text is imported as the importer imports a file: its date, headline, source and byline are read from "
    "it, and its people, organisations, quotes and events extracted. A text already in the archive is not added "
    "twice.": {
        "kk": "Мәтін импорттаушы файлды қалай импорттаса, солай импортталады: оның күні, тақырыбы, дереккөзі мен "
              "авторы мәтіннен оқылады, ал адамдары, ұйымдары, дәйексөздері мен оқиғалары шығарылады. Мұрағатта бар "
              "мәтін екі рет қосылмайды.",
        "ru": "Текст импортируется так же, как файл: его дата, заголовок, источник и автор читаются из текста, "
              "а люди, организации, цитаты и события извлекаются. Текст, который уже есть в архиве, повторно не "
              "добавляется."},
    "Import": {"kk": "Импорттау", "ru": "Импортировать"},
    "Approve selected": {"kk": "Таңдалғандарды бекіту", "ru": "Одобрить выбранные"},
    "%(count)s approved.": {"kk": ["%(count)s бекітілді.", "%(count)s бекітілді."],
                            "ru": ["%(count)s одобрено.", "%(count)s одобрено.", "%(count)s одобрено."]},
    "Reject selected (the importer will not propose them again)": {
        "kk": "Таңдалғандарды қабылдамау (импорттаушы оларды қайта ұсынбайды)",
        "ru": "Отклонить выбранные (импорт больше не предложит их)"},
    "%(count)s rejected.": {"kk": ["%(count)s қабылданбады.", "%(count)s қабылданбады."],
                            "ru": ["%(count)s отклонено.", "%(count)s отклонено.", "%(count)s отклонено."]},
    "Text": {"kk": "Мәтін", "ru": "Текст"},
    "Paste the article as it was published: date line, headline, text.": {
        "kk": "Мақаланы жарияланғандай қойыңыз: күн жолы, тақырып, мәтін.",
        "ru": "Вставьте статью так, как она была опубликована: строка с датой, заголовок, текст."},
    "File": {"kk": "Файл", "ru": "Файл"},
    "Or a file: plain text or HTML, UTF-8 or Windows-1251.": {
        "kk": "Немесе файл: қарапайым мәтін не HTML, UTF-8 не Windows-1251.",
        "ru": "Или файл: простой текст или HTML, UTF-8 или Windows-1251."},
    "Paste a text or choose a file.": {"kk": "Мәтінді қойыңыз немесе файл таңдаңыз.",
                                       "ru": "Вставьте текст или выберите файл."},
    "Review": {"kk": "Тексеру", "ru": "Проверка"},
    "Moved out of the text": {"kk": "Мәтіннен шығарылғандар", "ru": "Вынесено из текста"},
    "As imported": {"kk": "Импортталған күйі", "ru": "Как импортировано"},
    "Mark selected articles as approved": {"kk": "Таңдалған мақалаларды бекітілген деп белгілеу",
                                           "ru": "Отметить выбранные статьи как одобренные"},
    "%(count)s article approved.": {
        "kk": ["%(count)s мақала бекітілді.", "%(count)s мақала бекітілді."],
        "ru": ["%(count)s статья одобрена.", "%(count)s статьи одобрены.", "%(count)s статей одобрено."]},
    "Add article": {"kk": "Мақала қосу", "ru": "Добавить статью"},
    "Imported as article %(id)s: «%(title)s»": {"kk": "%(id)s мақаласы ретінде импортталды: «%(title)s»",
                                                  "ru": "Импортировано как статья %(id)s: «%(title)s»"},
    "(to review: %(reasons)s)": {"kk": "(тексеру керек: %(reasons)s)", "ru": "(проверить: %(reasons)s)"},
    'This text is already in the archive as <a href="{}">article {}</a>.': {
        "kk": 'Бұл мәтін мұрағатта бар: <a href="{}">{} мақала</a>.',
        "ru": 'Этот текст уже есть в архиве: <a href="{}">статья {}</a>.'},
    "Not imported: %(reason)s.": {"kk": "Импортталмады: %(reason)s.", "ru": "Не импортировано: %(reason)s."},
    "That decision could not be applied.": {"kk": "Бұл шешімді қолдану мүмкін болмады.",
                                            "ru": "Это решение не удалось применить."},
    "Approved: %(article)s": {"kk": "Бекітілді: %(article)s", "ru": "Одобрено: %(article)s"},
    "Merge selected into one…": {"kk": "Таңдалғандарды біреуге біріктіру…", "ru": "Объединить выбранные в одну…"},
    "Select at least two to merge.": {"kk": "Біріктіру үшін кемінде екеуін таңдаңыз.",
                                      "ru": "Для объединения выберите не меньше двух."},
    "Merged %(count)s into «%(target)s»; nothing lost, their pages lead to it.": {
        "kk": "%(count)s жазба «%(target)s» жазбасына біріктірілді; ештеңе жоғалған жоқ, олардың беттері соған "
              "апарады.",
        "ru": "%(count)s объединено в «%(target)s»; ничего не потеряно, их страницы ведут туда."},
    "Merge %(things)s": {"kk": "Біріктіру: %(things)s", "ru": "Объединение: %(things)s"},
    "Split selected spellings off into people of their own": {
        "kk": "Таңдалған жазылымдарды жеке адамдар ретінде бөліп шығару",
        "ru": "Выделить выбранные написания в отдельных людей"},
    "New people: %(names)s": {"kk": "Жаңа адамдар: %(names)s", "ru": "Новые люди: %(names)s"},
    "an unknown time": {"kk": "белгісіз уақытта", "ru": "в неизвестное время"},
    "This %(thing)s was changed by %(who)s at %(when)s after you opened it; reload and apply your change again.": {
        "kk": "Бұл жазбаны (%(thing)s) сіз ашқаннан кейін %(who)s %(when)s өзгертті; бетті қайта жүктеп, "
              "өзгерісіңізді қайта енгізіңіз.",
        "ru": "Эту запись (%(thing)s) изменил(а) %(who)s в %(when)s, после того как вы её открыли; обновите "
              "страницу и внесите изменение снова."},
    "someone": {"kk": "біреу", "ru": "кто-то"},
    "an import or a script": {"kk": "импорт немесе скрипт", "ru": "импорт или скрипт"},
    "New feed address (the old one stops working)": {
        "kk": "Жаңа арна мекенжайы (ескісі жұмыс істемей қалады)",
        "ru": "Новый адрес ленты (старый перестанет работать)"},
    "The %(n)s most frequent are listed; find the others with the box.": {
        "kk": "Ең жиі кездесетін %(n)s мән көрсетілген; қалғандарын іздеу жолағымен табыңыз.",
        "ru": "Показаны %(n)s самых частых; остальные найдите через поле поиска."},
    # Rate limits and sign-in lockout (archive/ratelimit.py, archive/lockout.py, templates/429.html)
    "Too many requests": {"kk": "Сұраныстар тым көп", "ru": "Слишком много запросов"},
    "This address has made more requests than the archive answers in a short time.": {
        "kk": "Бұл мекенжайдан қысқа уақыт ішінде мұрағат жауап бере алатыннан көп сұраныс келді.",
        "ru": "С этого адреса за короткое время пришло больше запросов, чем архив обслуживает."},
    "Please try again in %(seconds)s second.": {
        "kk": ["%(seconds)s секундтан кейін қайталап көріңіз.", "%(seconds)s секундтан кейін қайталап көріңіз."],
        "ru": ["Повторите через %(seconds)s секунду.", "Повторите через %(seconds)s секунды.",
               "Повторите через %(seconds)s секунд."]},
    "Sign-in locked": {"kk": "Кіру бұғатталды", "ru": "Вход заблокирован"},
    "Too many failed sign-ins for this account from this address.": {
        "kk": "Бұл мекенжайдан осы тіркелгіге кіру әрекеттері тым көп рет сәтсіз болды.",
        "ru": "Слишком много неудачных попыток входа в эту учётную запись с этого адреса."},
    "Try again in %(minutes)s minute, or ask an administrator to unlock the account.": {
        "kk": ["%(minutes)s минуттан кейін қайталап көріңіз немесе тіркелгіні бұғаттан шығаруды әкімшіден сұраңыз.",
               "%(minutes)s минуттан кейін қайталап көріңіз немесе тіркелгіні бұғаттан шығаруды әкімшіден сұраңыз."],
        "ru": ["Повторите через %(minutes)s минуту или попросите администратора разблокировать учётную запись.",
               "Повторите через %(minutes)s минуты или попросите администратора разблокировать учётную запись.",
               "Повторите через %(minutes)s минут или попросите администратора разблокировать учётную запись."]},
    "The address contains a NUL character, which nothing here can match.": {
        "kk": "Мекенжайда NUL таңбасы бар, оған мұнда ештеңе сәйкес келмейді.",
        "ru": "В адресе есть символ NUL, которому здесь ничто не соответствует."},
    ("Not saved: a record saved meanwhile conflicts with this one (the same spelling or address). Nothing was "
     "changed; check the form and save again."): {
        "kk": ("Сақталмады: осы аралықта сақталған жазба бұған қайшы келеді (дәл осындай жазылу не мекенжай). "
               "Ештеңе өзгертілмеді; форманы тексеріп, қайта сақтаңыз."),
        "ru": ("Не сохранено: запись, сохранённая за это время, противоречит этой (то же написание или адрес). "
               "Ничего не изменено; проверьте форму и сохраните снова.")},
}
