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
    # Home
    "Press archive of the 2026 constitutional reform": {
        "kk": "2026 жылғы конституциялық реформа туралы баспасөз мұрағаты",
        "ru": "Архив прессы о конституционной реформе 2026 года"},
    "the press on Kazakhstan's 2026 constitutional reform, in Russian, Kazakh and English": {
        "kk": "Қазақстанның 2026 жылғы конституциялық реформасы туралы баспасөз: орыс, қазақ және ағылшын тілдерінде",
        "ru": "пресса о конституционной реформе Казахстана 2026 года на русском, казахском и английском"},
    "Try": {"kk": "Мысалы:", "ru": "Попробуйте"},
    "or": {"kk": "немесе", "ru": "или"},
    "%(counter)s article": {"kk": ["%(counter)s мақала", "%(counter)s мақала"],
                            "ru": ["%(counter)s статья", "%(counter)s статьи", "%(counter)s статей"]},
    "%(undated)s undated": {"kk": "%(undated)s мақаланың күні жоқ", "ru": "без даты: %(undated)s"},
    "%(counter)s person": {"kk": ["%(counter)s адам", "%(counter)s адам"],
                           "ru": ["%(counter)s человек", "%(counter)s человека", "%(counter)s человек"]},
    "%(counter)s organisation": {"kk": ["%(counter)s ұйым", "%(counter)s ұйым"],
                                 "ru": ["%(counter)s организация", "%(counter)s организации",
                                        "%(counter)s организаций"]},
    "%(counter)s event": {"kk": ["%(counter)s оқиға", "%(counter)s оқиға"],
                          "ru": ["%(counter)s событие", "%(counter)s события", "%(counter)s событий"]},
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
    "%(counter)s match in the text": {
        "kk": ["мәтінде %(counter)s сәйкестік", "мәтінде %(counter)s сәйкестік"],
        "ru": ["%(counter)s совпадение в тексте", "%(counter)s совпадения в тексте",
               "%(counter)s совпадений в тексте"]},
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
}
