<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ApiError</name>
    <message>
        <location filename="../console/core/ApiError.cpp" line="9"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../console/core/ApiError.cpp" line="11"/>
        <source>%1 (%2, HTTP %3)</source>
        <translation>%1 (%2, HTTP %3)</translation>
    </message>
    <message>
        <location filename="../console/core/ApiError.cpp" line="12"/>
        <source>%1 (%2, HTTP %3, request %4)</source>
        <translation>%1 (%2, HTTP %3, Anfrage %4)</translation>
    </message>
</context>
<context>
    <name>AuditCommand</name>
    <message>
        <location filename="../console/core/AuditCommand.cpp" line="16"/>
        <source>%1	%2	%3	%4 %5	%6</source>
        <translation>%1	%2	%3	%4 %5	%6</translation>
    </message>
    <message>
        <location filename="../console/core/AuditCommand.cpp" line="37"/>
        <source>Only entries by this user (name or id).</source>
        <translation>Nur Einträge dieses Benutzers (Name oder ID).</translation>
    </message>
    <message>
        <location filename="../console/core/AuditCommand.cpp" line="38"/>
        <source>Only this action, e.g. user.ban, report.resolve.</source>
        <translation>Nur diese Aktion, z. B. user.ban, report.resolve.</translation>
    </message>
    <message>
        <location filename="../console/core/AuditCommand.cpp" line="39"/>
        <source>Only entries about this target id.</source>
        <translation>Nur Einträge zu dieser Ziel-ID.</translation>
    </message>
    <message>
        <location filename="../console/core/AuditCommand.cpp" line="40"/>
        <source>Only entries at or after this time (ISO 8601).</source>
        <translation>Nur Einträge ab diesem Zeitpunkt (ISO 8601).</translation>
    </message>
    <message>
        <location filename="../console/core/AuditCommand.cpp" line="41"/>
        <source>Only entries at or before this time (ISO 8601).</source>
        <translation>Nur Einträge bis zu diesem Zeitpunkt (ISO 8601).</translation>
    </message>
    <message>
        <location filename="../console/core/AuditCommand.cpp" line="42"/>
        <source>How many (default 100).</source>
        <translation>Wie viele (Standard 100).</translation>
    </message>
    <message>
        <location filename="../console/core/AuditCommand.cpp" line="43"/>
        <source>Continue after a previous page (its nextCursor).</source>
        <translation>Nach einer vorigen Seite fortfahren (deren nextCursor).</translation>
    </message>
    <message>
        <location filename="../console/core/AuditCommand.cpp" line="45"/>
        <source>Shows the audit log, newest first.</source>
        <translation>Zeigt das Audit-Protokoll, neueste Einträge zuerst.</translation>
    </message>
    <message>
        <location filename="../console/core/AuditCommand.cpp" line="54"/>
        <source>--from takes an ISO 8601 time, e.g. 2026-11-22T05:00:00Z.</source>
        <translation>--from erwartet eine Zeit nach ISO 8601, z. B. 2026-11-22T05:00:00Z.</translation>
    </message>
    <message>
        <location filename="../console/core/AuditCommand.cpp" line="56"/>
        <source>--to takes an ISO 8601 time, e.g. 2026-11-22T05:00:00Z.</source>
        <translation>--to erwartet eine Zeit nach ISO 8601, z. B. 2026-11-22T05:00:00Z.</translation>
    </message>
    <message>
        <location filename="../console/core/AuditCommand.cpp" line="78"/>
        <source>No entries.</source>
        <translation>Keine Einträge.</translation>
    </message>
    <message>
        <location filename="../console/core/AuditCommand.cpp" line="80"/>
        <source>More: --cursor %1</source>
        <translation>Weitere: --cursor %1</translation>
    </message>
</context>
<context>
    <name>Banter::Console::AdminApi</name>
    <message>
        <location filename="../console/core/AdminApi.cpp" line="266"/>
        <source>No user is named %1.</source>
        <translation>Es gibt keinen Benutzer namens %1.</translation>
    </message>
</context>
<context>
    <name>Banter::Console::AdminSession</name>
    <message>
        <location filename="../console/core/AdminSession.cpp" line="68"/>
        <source>The server&apos;s answer is not a JSON object.</source>
        <translation>Die Antwort des Servers ist kein JSON-Objekt.</translation>
    </message>
    <message>
        <location filename="../console/core/AdminSession.cpp" line="245"/>
        <location filename="../console/core/AdminSession.cpp" line="299"/>
        <source>Not logged in.</source>
        <translation>Nicht angemeldet.</translation>
    </message>
    <message>
        <location filename="../console/core/AdminSession.cpp" line="244"/>
        <location filename="../console/core/AdminSession.cpp" line="283"/>
        <location filename="../console/core/AdminSession.cpp" line="298"/>
        <source>The login has expired; log in again.</source>
        <translation>Die Anmeldung ist abgelaufen; bitte erneut anmelden.</translation>
    </message>
</context>
<context>
    <name>Banter::Console::AuditLogModel</name>
    <message>
        <location filename="../console/core/AuditLogModel.cpp" line="71"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../console/core/AuditLogModel.cpp" line="82"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location filename="../console/core/AuditLogModel.cpp" line="82"/>
        <source>Actor</source>
        <translation>Akteur</translation>
    </message>
    <message>
        <location filename="../console/core/AuditLogModel.cpp" line="82"/>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <location filename="../console/core/AuditLogModel.cpp" line="82"/>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../console/core/AuditLogModel.cpp" line="82"/>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
</context>
<context>
    <name>Banter::Console::AuditLogPage</name>
    <message>
        <location filename="../console/ui/AuditLogPage.cpp" line="37"/>
        <source>username or id</source>
        <translation>Benutzername oder ID</translation>
    </message>
    <message>
        <location filename="../console/ui/AuditLogPage.cpp" line="40"/>
        <source>Any action</source>
        <translation>Jede Aktion</translation>
    </message>
    <message>
        <location filename="../console/ui/AuditLogPage.cpp" line="45"/>
        <source>id of a user, report, message ...</source>
        <translation>ID eines Benutzers, einer Meldung, Nachricht …</translation>
    </message>
    <message>
        <location filename="../console/ui/AuditLogPage.cpp" line="47"/>
        <source>From:</source>
        <translation>Von:</translation>
    </message>
    <message>
        <location filename="../console/ui/AuditLogPage.cpp" line="50"/>
        <source>To:</source>
        <translation>Bis:</translation>
    </message>
    <message>
        <location filename="../console/ui/AuditLogPage.cpp" line="55"/>
        <source>Apply</source>
        <translation>Anwenden</translation>
    </message>
    <message>
        <location filename="../console/ui/AuditLogPage.cpp" line="58"/>
        <source>Clear</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <location filename="../console/ui/AuditLogPage.cpp" line="59"/>
        <source>Actor:</source>
        <translation>Akteur:</translation>
    </message>
    <message>
        <location filename="../console/ui/AuditLogPage.cpp" line="61"/>
        <source>Action:</source>
        <translation>Aktion:</translation>
    </message>
    <message>
        <location filename="../console/ui/AuditLogPage.cpp" line="63"/>
        <source>Target:</source>
        <translation>Ziel:</translation>
    </message>
    <message>
        <location filename="../console/ui/AuditLogPage.cpp" line="92"/>
        <source>Select an entry to see all it recorded.</source>
        <translation>Einen Eintrag auswählen, um alles zu sehen, was er festhält.</translation>
    </message>
    <message>
        <location filename="../console/ui/AuditLogPage.cpp" line="103"/>
        <source>Load older entries</source>
        <translation>Ältere Einträge laden</translation>
    </message>
    <message>
        <location filename="../console/ui/AuditLogPage.cpp" line="120"/>
        <source>Could not load the audit log: %1</source>
        <translation>Das Audit-Protokoll konnte nicht geladen werden: %1</translation>
    </message>
    <message>
        <location filename="../console/ui/AuditLogPage.cpp" line="173"/>
        <source>No user %1: %2</source>
        <translation>Kein Benutzer %1: %2</translation>
    </message>
    <message>
        <location filename="../console/ui/AuditLogPage.cpp" line="203"/>
        <source>%1 · %2 by %3</source>
        <translation>%1 · %2 durch %3</translation>
    </message>
    <message>
        <location filename="../console/ui/AuditLogPage.cpp" line="207"/>
        <source>Target: %1</source>
        <translation>Ziel: %1</translation>
    </message>
    <message>
        <location filename="../console/ui/AuditLogPage.cpp" line="208"/>
        <source>Reason: %1</source>
        <translation>Grund: %1</translation>
    </message>
    <message>
        <location filename="../console/ui/AuditLogPage.cpp" line="210"/>
        <source>Details:</source>
        <translation>Details:</translation>
    </message>
    <message>
        <location filename="../console/ui/AuditLogPage.cpp" line="220"/>
        <source>Loading ...</source>
        <translation>Wird geladen …</translation>
    </message>
    <message>
        <location filename="../console/ui/AuditLogPage.cpp" line="222"/>
        <source>1 entry shown; new entries appear at the top as they happen.</source>
        <translation>1 Eintrag angezeigt; neue Einträge erscheinen oben, sobald sie entstehen.</translation>
    </message>
    <message>
        <location filename="../console/ui/AuditLogPage.cpp" line="223"/>
        <source>%1 entries shown; new entries appear at the top as they happen.</source>
        <translation>%1 Einträge angezeigt; neue Einträge erscheinen oben, sobald sie entstehen.</translation>
    </message>
</context>
<context>
    <name>Banter::Console::CliContext</name>
    <message>
        <location filename="../console/core/CliContext.cpp" line="62"/>
        <source>banter-console %1

%2</source>
        <translation>banter-console %1

%2</translation>
    </message>
    <message>
        <location filename="../console/core/CliContext.cpp" line="64"/>
        <source>Server URL (default $BANTER_SERVER or http://127.0.0.1:8080).</source>
        <translation>Server-URL (Standard $BANTER_SERVER oder http://127.0.0.1:8080).</translation>
    </message>
    <message>
        <location filename="../console/core/CliContext.cpp" line="65"/>
        <source>Moderator or admin to log in as (default $BANTER_USER).</source>
        <translation>Moderator oder Admin, als der angemeldet wird (Standard $BANTER_USER).</translation>
    </message>
    <message>
        <location filename="../console/core/CliContext.cpp" line="66"/>
        <source>Read the password from the first line of stdin (preferred, or set $BANTER_PASSWORD).</source>
        <translation>Das Passwort aus der ersten Zeile von stdin lesen (empfohlen, oder $BANTER_PASSWORD setzen).</translation>
    </message>
    <message>
        <location filename="../console/core/CliContext.cpp" line="67"/>
        <source>The password (visible to other local users: prefer --password-stdin or $BANTER_PASSWORD).</source>
        <translation>Das Passwort (für andere lokale Benutzer sichtbar: besser --password-stdin oder $BANTER_PASSWORD).</translation>
    </message>
    <message>
        <location filename="../console/core/CliContext.cpp" line="68"/>
        <source>Two-factor code, when the account has 2FA (or $BANTER_TOTP).</source>
        <translation>Code der Zwei-Faktor-Authentifizierung, wenn das Konto 2FA nutzt (oder $BANTER_TOTP).</translation>
    </message>
    <message>
        <location filename="../console/core/CliContext.cpp" line="69"/>
        <source>Print the result as JSON (the server&apos;s shapes; one object per line with --follow).</source>
        <translation>Das Ergebnis als JSON ausgeben (in der Form des Servers; mit --follow ein Objekt pro Zeile).</translation>
    </message>
    <message>
        <location filename="../console/core/CliContext.cpp" line="70"/>
        <source>Seconds to wait for each request (default 15).</source>
        <translation>Sekunden, die auf jede Anfrage gewartet wird (Standard 15).</translation>
    </message>
    <message>
        <location filename="../console/core/CliContext.cpp" line="71"/>
        <source>Language (e.g. de).</source>
        <translation>Sprache (z. B. de).</translation>
    </message>
    <message>
        <location filename="../console/core/CliContext.cpp" line="73"/>
        <source>Keep running and print live changes until interrupted.</source>
        <translation>Weiterlaufen und Änderungen live ausgeben, bis zum Abbruch.</translation>
    </message>
    <message>
        <location filename="../console/core/CliContext.cpp" line="82"/>
        <source>Missing arguments.</source>
        <translation>Argumente fehlen.</translation>
    </message>
    <message>
        <location filename="../console/core/CliContext.cpp" line="84"/>
        <source>Unexpected argument: %1</source>
        <translation>Unerwartetes Argument: %1</translation>
    </message>
    <message>
        <location filename="../console/core/CliContext.cpp" line="93"/>
        <source>Invalid server URL: %1</source>
        <translation>Ungültige Server-URL: %1</translation>
    </message>
    <message>
        <location filename="../console/core/CliContext.cpp" line="98"/>
        <source>--timeout takes a positive number of seconds.</source>
        <translation>--timeout erwartet eine positive Anzahl Sekunden.</translation>
    </message>
    <message>
        <location filename="../console/core/CliContext.cpp" line="112"/>
        <source>Password: </source>
        <translation>Passwort: </translation>
    </message>
    <message>
        <location filename="../console/core/CliContext.cpp" line="125"/>
        <source>No user: pass --user NAME or set BANTER_USER.</source>
        <translation>Kein Benutzer: --user NAME angeben oder BANTER_USER setzen.</translation>
    </message>
    <message>
        <location filename="../console/core/CliContext.cpp" line="128"/>
        <source>No password: use --password-stdin or set BANTER_PASSWORD.</source>
        <translation>Kein Passwort: --password-stdin verwenden oder BANTER_PASSWORD setzen.</translation>
    </message>
    <message>
        <location filename="../console/core/CliContext.cpp" line="147"/>
        <source>%1 has two-factor authentication: pass --totp CODE or set BANTER_TOTP.</source>
        <translation>%1 nutzt Zwei-Faktor-Authentifizierung: --totp CODE angeben oder BANTER_TOTP setzen.</translation>
    </message>
    <message>
        <location filename="../console/core/CliContext.cpp" line="149"/>
        <source>Login failed for %1: wrong user name or password.</source>
        <translation>Anmeldung für %1 fehlgeschlagen: falscher Benutzername oder falsches Passwort.</translation>
    </message>
    <message>
        <location filename="../console/core/CliContext.cpp" line="150"/>
        <source>Login failed: %1</source>
        <translation>Anmeldung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../console/core/CliContext.cpp" line="174"/>
        <source>Access denied: %1 has the role &quot;%2&quot;; the admin API needs a moderator or admin. (%3)</source>
        <translation>Zugriff verweigert: %1 hat die Rolle „%2“; die Admin-API braucht einen Moderator oder Admin. (%3)</translation>
    </message>
    <message>
        <location filename="../console/core/CliContext.cpp" line="177"/>
        <source>Cannot reach %1: %2</source>
        <translation>%1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <location filename="../console/core/CliContext.cpp" line="179"/>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <location filename="../console/core/CliContext.cpp" line="221"/>
        <source>Usage: banter-console %1 (--help for more)</source>
        <translation>Aufruf: banter-console %1 (--help für mehr)</translation>
    </message>
    <message>
        <location filename="../console/core/CliContext.cpp" line="286"/>
        <source>The login has expired.</source>
        <translation>Die Anmeldung ist abgelaufen.</translation>
    </message>
    <message>
        <location filename="../console/core/CliContext.cpp" line="290"/>
        <source>Live connection lost; reconnecting...</source>
        <translation>Live-Verbindung verloren; verbinde neu …</translation>
    </message>
</context>
<context>
    <name>Banter::Console::DashboardPage</name>
    <message>
        <location filename="../console/ui/DashboardPage.cpp" line="33"/>
        <location filename="../console/ui/DashboardPage.cpp" line="43"/>
        <location filename="../console/ui/DashboardPage.cpp" line="44"/>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <location filename="../console/ui/DashboardPage.cpp" line="34"/>
        <location filename="../console/ui/DashboardPage.cpp" line="45"/>
        <source>Online users</source>
        <translation>Benutzer online</translation>
    </message>
    <message>
        <location filename="../console/ui/DashboardPage.cpp" line="35"/>
        <source>Messages in/s</source>
        <translation>Nachrichten ein/s</translation>
    </message>
    <message>
        <location filename="../console/ui/DashboardPage.cpp" line="36"/>
        <source>Deliveries out/s</source>
        <translation>Zustellungen aus/s</translation>
    </message>
    <message>
        <location filename="../console/ui/DashboardPage.cpp" line="37"/>
        <source>DB batch (ms)</source>
        <translation>DB-Batch (ms)</translation>
    </message>
    <message>
        <location filename="../console/ui/DashboardPage.cpp" line="47"/>
        <source>Messages per second</source>
        <translation>Nachrichten pro Sekunde</translation>
    </message>
    <message>
        <location filename="../console/ui/DashboardPage.cpp" line="48"/>
        <source>Messages in</source>
        <translation>Nachrichten ein</translation>
    </message>
    <message>
        <location filename="../console/ui/DashboardPage.cpp" line="49"/>
        <source>Deliveries out</source>
        <translation>Zustellungen aus</translation>
    </message>
    <message>
        <location filename="../console/ui/DashboardPage.cpp" line="61"/>
        <source>Server: %1</source>
        <translation>Server: %1</translation>
    </message>
    <message>
        <location filename="../console/ui/DashboardPage.cpp" line="110"/>
        <source>Jobs: -</source>
        <translation>Jobs: -</translation>
    </message>
    <message>
        <location filename="../console/ui/DashboardPage.cpp" line="116"/>
        <source>Jobs: %1 waiting, the oldest %2 s old, %3 dead (banter-console jobs --failed)</source>
        <translation>Jobs: %1 wartend, der älteste %2 s alt, %3 tot (banter-console jobs --failed)</translation>
    </message>
    <message>
        <location filename="../console/ui/DashboardPage.cpp" line="125"/>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <location filename="../console/ui/DashboardPage.cpp" line="126"/>
        <source>Server: %1 (version %2)</source>
        <translation>Server: %1 (Version %2)</translation>
    </message>
</context>
<context>
    <name>Banter::Console::HealthMonitor</name>
    <message>
        <location filename="../console/core/HealthMonitor.cpp" line="38"/>
        <source>Ready (schema version %1)</source>
        <translation>Bereit (Schemaversion %1)</translation>
    </message>
    <message>
        <location filename="../console/core/HealthMonitor.cpp" line="40"/>
        <source>Not ready: %1</source>
        <translation>Nicht bereit: %1</translation>
    </message>
    <message>
        <location filename="../console/core/HealthMonitor.cpp" line="42"/>
        <source>Unreachable: %1</source>
        <translation>Nicht erreichbar: %1</translation>
    </message>
</context>
<context>
    <name>Banter::Console::LoginDialog</name>
    <message>
        <location filename="../console/ui/LoginDialog.cpp" line="21"/>
        <source>Log in to Banter</source>
        <translation>Bei Banter anmelden</translation>
    </message>
    <message>
        <location filename="../console/ui/LoginDialog.cpp" line="24"/>
        <source>&lt;b&gt;Banter Console&lt;/b&gt;&lt;br&gt;Log in with a moderator or admin account.</source>
        <translation>&lt;b&gt;Banter-Konsole&lt;/b&gt;&lt;br&gt;Mit einem Moderator- oder Admin-Konto anmelden.</translation>
    </message>
    <message>
        <location filename="../console/ui/LoginDialog.cpp" line="29"/>
        <source>Your session has expired. Log in again to continue.</source>
        <translation>Ihre Sitzung ist abgelaufen. Melden Sie sich erneut an, um fortzufahren.</translation>
    </message>
    <message>
        <location filename="../console/ui/LoginDialog.cpp" line="47"/>
        <source>2FA code:</source>
        <translation>2FA-Code:</translation>
    </message>
    <message>
        <location filename="../console/ui/LoginDialog.cpp" line="50"/>
        <source>6 digits, or a recovery code</source>
        <translation>6 Ziffern oder ein Wiederherstellungscode</translation>
    </message>
    <message>
        <location filename="../console/ui/LoginDialog.cpp" line="51"/>
        <source>Server:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <location filename="../console/ui/LoginDialog.cpp" line="52"/>
        <source>Username:</source>
        <translation>Benutzername:</translation>
    </message>
    <message>
        <location filename="../console/ui/LoginDialog.cpp" line="53"/>
        <source>Password:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <location filename="../console/ui/LoginDialog.cpp" line="67"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../console/ui/LoginDialog.cpp" line="68"/>
        <location filename="../console/ui/LoginDialog.cpp" line="205"/>
        <source>Log in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <location filename="../console/ui/LoginDialog.cpp" line="124"/>
        <source>Enter the server as http://host:port or https://host.</source>
        <translation>Den Server als http://host:port oder https://host angeben.</translation>
    </message>
    <message>
        <location filename="../console/ui/LoginDialog.cpp" line="129"/>
        <source>Enter your username and password.</source>
        <translation>Benutzername und Passwort eingeben.</translation>
    </message>
    <message>
        <location filename="../console/ui/LoginDialog.cpp" line="160"/>
        <source>%1 is not a moderator or admin. Only they can use the console.</source>
        <translation>%1 ist weder Moderator noch Admin. Nur diese können die Konsole benutzen.</translation>
    </message>
    <message>
        <location filename="../console/ui/LoginDialog.cpp" line="173"/>
        <source>Wrong username or password.</source>
        <translation>Falscher Benutzername oder falsches Passwort.</translation>
    </message>
    <message>
        <location filename="../console/ui/LoginDialog.cpp" line="175"/>
        <source>This account uses two-factor authentication. Enter the code from your authenticator app.</source>
        <translation>Dieses Konto nutzt Zwei-Faktor-Authentifizierung. Geben Sie den Code aus Ihrer Authenticator-App ein.</translation>
    </message>
    <message>
        <location filename="../console/ui/LoginDialog.cpp" line="177"/>
        <source>That 2FA code is not valid. Enter the current code.</source>
        <translation>Dieser 2FA-Code ist ungültig. Geben Sie den aktuellen Code ein.</translation>
    </message>
    <message>
        <location filename="../console/ui/LoginDialog.cpp" line="179"/>
        <source>This account is suspended or banned.</source>
        <translation>Dieses Konto ist befristet oder dauerhaft gesperrt.</translation>
    </message>
    <message>
        <location filename="../console/ui/LoginDialog.cpp" line="181"/>
        <source>Too many attempts. Try again in a second.</source>
        <translation>Zu viele Versuche. In einer Sekunde erneut versuchen.</translation>
    </message>
    <message>
        <location filename="../console/ui/LoginDialog.cpp" line="182"/>
        <source>Too many attempts. Try again in %1 seconds.</source>
        <translation>Zu viele Versuche. In %1 Sekunden erneut versuchen.</translation>
    </message>
    <message>
        <location filename="../console/ui/LoginDialog.cpp" line="184"/>
        <source>Cannot reach %1: %2</source>
        <translation>%1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <location filename="../console/ui/LoginDialog.cpp" line="205"/>
        <source>Logging in ...</source>
        <translation>Anmeldung läuft …</translation>
    </message>
</context>
<context>
    <name>Banter::Console::MainWindow</name>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="51"/>
        <location filename="../console/ui/MainWindow.cpp" line="211"/>
        <source>Banter Console</source>
        <translation>Banter-Konsole</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="77"/>
        <source>Dashboard</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="78"/>
        <source>Presence</source>
        <translation>Anwesenheit</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="79"/>
        <source>Users</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="80"/>
        <source>Reports</source>
        <translation>Meldungen</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="81"/>
        <source>Audit log</source>
        <translation>Audit-Protokoll</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="94"/>
        <location filename="../console/ui/MainWindow.cpp" line="210"/>
        <source>Not logged in</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="111"/>
        <source>The live feed was refused: %1</source>
        <translation>Der Live-Feed wurde abgelehnt: %1</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="125"/>
        <source>&amp;Session</source>
        <translation>&amp;Sitzung</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="126"/>
        <source>&amp;Log in ...</source>
        <translation>&amp;Anmelden …</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="127"/>
        <source>Log &amp;out</source>
        <translation>Ab&amp;melden</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="129"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="144"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="150"/>
        <source>&amp;Reload</source>
        <translation>&amp;Neu laden</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="186"/>
        <source>%1 (%2) on %3</source>
        <translation>%1 (%2) auf %3</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="187"/>
        <source>Banter Console - %1</source>
        <translation>Banter-Konsole - %1</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="218"/>
        <source>Session expired</source>
        <translation>Sitzung abgelaufen</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="250"/>
        <source>● Live</source>
        <translation>● Live</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="250"/>
        <source>○ Not live</source>
        <translation>○ Nicht live</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="251"/>
        <source>Presence, metrics and audit entries arrive as they happen.</source>
        <translation>Anwesenheit, Messwerte und Audit-Einträge kommen an, sobald sie entstehen.</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="252"/>
        <source>The live feed is not connected; it reconnects by itself while logged in.</source>
        <translation>Der Live-Feed ist nicht verbunden; solange Sie angemeldet sind, verbindet er sich selbst neu.</translation>
    </message>
</context>
<context>
    <name>Banter::Console::MetricsHistory</name>
    <message>
        <location filename="../console/core/MetricsHistory.cpp" line="144"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location filename="../console/core/MetricsHistory.cpp" line="144"/>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <location filename="../console/core/MetricsHistory.cpp" line="144"/>
        <source>Online users</source>
        <translation>Benutzer online</translation>
    </message>
    <message>
        <location filename="../console/core/MetricsHistory.cpp" line="144"/>
        <source>Messages in/s</source>
        <translation>Nachrichten ein/s</translation>
    </message>
    <message>
        <location filename="../console/core/MetricsHistory.cpp" line="145"/>
        <source>Deliveries out/s</source>
        <translation>Zustellungen aus/s</translation>
    </message>
    <message>
        <location filename="../console/core/MetricsHistory.cpp" line="145"/>
        <source>DB batch ms</source>
        <translation>DB-Batch ms</translation>
    </message>
    <message>
        <location filename="../console/core/MetricsHistory.cpp" line="145"/>
        <source>Jobs waiting</source>
        <translation>Wartende Jobs</translation>
    </message>
    <message>
        <location filename="../console/core/MetricsHistory.cpp" line="145"/>
        <source>Oldest job s</source>
        <translation>Ältester Job s</translation>
    </message>
    <message>
        <location filename="../console/core/MetricsHistory.cpp" line="146"/>
        <source>Dead jobs</source>
        <translation>Tote Jobs</translation>
    </message>
</context>
<context>
    <name>Banter::Console::PresenceModel</name>
    <message>
        <location filename="../console/core/PresenceModel.cpp" line="107"/>
        <source>%1 (id %2)</source>
        <translation>%1 (ID %2)</translation>
    </message>
    <message>
        <location filename="../console/core/PresenceModel.cpp" line="131"/>
        <source>Connection %1 from %2</source>
        <translation>Verbindung %1 von %2</translation>
    </message>
    <message>
        <location filename="../console/core/PresenceModel.cpp" line="148"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../console/core/PresenceModel.cpp" line="148"/>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <location filename="../console/core/PresenceModel.cpp" line="148"/>
        <source>Client address</source>
        <translation>Client-Adresse</translation>
    </message>
    <message>
        <location filename="../console/core/PresenceModel.cpp" line="148"/>
        <source>User agent</source>
        <translation>User-Agent</translation>
    </message>
    <message>
        <location filename="../console/core/PresenceModel.cpp" line="149"/>
        <source>Connected since</source>
        <translation>Verbunden seit</translation>
    </message>
    <message>
        <location filename="../console/core/PresenceModel.cpp" line="149"/>
        <source>Last activity</source>
        <translation>Letzte Aktivität</translation>
    </message>
</context>
<context>
    <name>Banter::Console::PresencePage</name>
    <message>
        <location filename="../console/ui/PresencePage.cpp" line="27"/>
        <source>Filter by username</source>
        <translation>Nach Benutzername filtern</translation>
    </message>
    <message>
        <location filename="../console/ui/PresencePage.cpp" line="50"/>
        <source>Double-click a user to open them on the Users page.</source>
        <translation>Doppelklick auf einen Benutzer öffnet ihn auf der Seite „Benutzer“.</translation>
    </message>
    <message>
        <location filename="../console/ui/PresencePage.cpp" line="101"/>
        <source>1 user online</source>
        <translation>1 Benutzer online</translation>
    </message>
    <message>
        <location filename="../console/ui/PresencePage.cpp" line="101"/>
        <source>%1 users online</source>
        <translation>%1 Benutzer online</translation>
    </message>
    <message>
        <location filename="../console/ui/PresencePage.cpp" line="102"/>
        <source>1 connection</source>
        <translation>1 Verbindung</translation>
    </message>
    <message>
        <location filename="../console/ui/PresencePage.cpp" line="102"/>
        <source>%1 connections</source>
        <translation>%1 Verbindungen</translation>
    </message>
    <message>
        <location filename="../console/ui/PresencePage.cpp" line="104"/>
        <source>%1 shown</source>
        <translation>%1 angezeigt</translation>
    </message>
</context>
<context>
    <name>Banter::Console::ReasonDialog</name>
    <message>
        <location filename="../console/ui/ReasonDialog.cpp" line="27"/>
        <source>Why? This is kept in the audit log.</source>
        <translation>Warum? Das wird im Audit-Protokoll festgehalten.</translation>
    </message>
    <message>
        <location filename="../console/ui/ReasonDialog.cpp" line="30"/>
        <source>Reason:</source>
        <translation>Grund:</translation>
    </message>
    <message>
        <location filename="../console/ui/ReasonDialog.cpp" line="40"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../console/ui/ReasonDialog.cpp" line="81"/>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
</context>
<context>
    <name>Banter::Console::ReportActions</name>
    <message>
        <location filename="../console/ui/ReportActions.cpp" line="32"/>
        <source>Could not assign report %1: %2</source>
        <translation>Meldung %1 konnte nicht zugewiesen werden: %2</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportActions.cpp" line="36"/>
        <source>Report %1 is assigned to you.</source>
        <translation>Meldung %1 ist Ihnen zugewiesen.</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportActions.cpp" line="42"/>
        <source>Resolve report %1</source>
        <translation>Meldung %1 erledigen</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportActions.cpp" line="43"/>
        <source>Close report %1 about %2, saying what was done?</source>
        <translation>Meldung %1 über %2 schließen und angeben, was getan wurde?</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportActions.cpp" line="44"/>
        <source>Resolve</source>
        <translation>Erledigen</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportActions.cpp" line="51"/>
        <source>Action taken:</source>
        <translation>Ergriffene Maßnahme:</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportActions.cpp" line="56"/>
        <source>Could not resolve report %1: %2</source>
        <translation>Meldung %1 konnte nicht erledigt werden: %2</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportActions.cpp" line="60"/>
        <source>Report %1 is resolved.</source>
        <translation>Meldung %1 ist erledigt.</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportActions.cpp" line="68"/>
        <source>Dismiss report %1</source>
        <translation>Meldung %1 verwerfen</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportActions.cpp" line="69"/>
        <source>Close report %1 about %2 without action?</source>
        <translation>Meldung %1 über %2 ohne Maßnahme schließen?</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportActions.cpp" line="70"/>
        <source>Dismiss</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportActions.cpp" line="74"/>
        <source>Could not dismiss report %1: %2</source>
        <translation>Meldung %1 konnte nicht verworfen werden: %2</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportActions.cpp" line="78"/>
        <source>Report %1 is dismissed.</source>
        <translation>Meldung %1 ist verworfen.</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportActions.cpp" line="86"/>
        <source>Hide message</source>
        <translation>Nachricht ausblenden</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportActions.cpp" line="87"/>
        <source>Hide the reported message from everyone? Members see that a moderator removed it; its content is kept for the audit.</source>
        <translation>Die gemeldete Nachricht für alle ausblenden? Mitglieder sehen, dass ein Moderator sie entfernt hat; ihr Inhalt bleibt für das Audit erhalten.</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportActions.cpp" line="89"/>
        <source>Hide</source>
        <translation>Ausblenden</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportActions.cpp" line="93"/>
        <source>Could not hide message %1: %2</source>
        <translation>Nachricht %1 konnte nicht ausgeblendet werden: %2</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportActions.cpp" line="97"/>
        <source>Message %1 is hidden.</source>
        <translation>Nachricht %1 ist ausgeblendet.</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportActions.cpp" line="105"/>
        <source>Delete message</source>
        <translation>Nachricht löschen</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportActions.cpp" line="106"/>
        <source>Erase the content of the reported message? This cannot be undone. Members see that a moderator removed it.</source>
        <translation>Den Inhalt der gemeldeten Nachricht löschen? Das lässt sich nicht rückgängig machen. Mitglieder sehen, dass ein Moderator sie entfernt hat.</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportActions.cpp" line="108"/>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportActions.cpp" line="112"/>
        <source>Could not delete message %1: %2</source>
        <translation>Nachricht %1 konnte nicht gelöscht werden: %2</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportActions.cpp" line="116"/>
        <source>Message %1 is deleted.</source>
        <translation>Nachricht %1 ist gelöscht.</translation>
    </message>
</context>
<context>
    <name>Banter::Console::ReportDetailsPanel</name>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="40"/>
        <source>Reported user:</source>
        <translation>Gemeldeter Benutzer:</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="41"/>
        <source>Reported by:</source>
        <translation>Gemeldet von:</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="42"/>
        <source>Reason:</source>
        <translation>Grund:</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="43"/>
        <source>Created:</source>
        <translation>Erstellt:</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="44"/>
        <source>Assigned to:</source>
        <translation>Zugewiesen an:</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="45"/>
        <source>Outcome:</source>
        <translation>Ergebnis:</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="50"/>
        <source>Group:</source>
        <translation>Gruppe:</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="54"/>
        <source>Assign to me</source>
        <translation>Mir zuweisen</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="54"/>
        <source>Take this report: it shows as assigned to you</source>
        <translation>Diese Meldung übernehmen: sie erscheint als Ihnen zugewiesen</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="55"/>
        <source>Resolve ...</source>
        <translation>Erledigen …</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="55"/>
        <source>Close the report saying what was done</source>
        <translation>Die Meldung schließen und angeben, was getan wurde</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="56"/>
        <source>Dismiss ...</source>
        <translation>Verwerfen …</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="56"/>
        <source>Close the report without action</source>
        <translation>Die Meldung ohne Maßnahme schließen</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="58"/>
        <source>Hide message ...</source>
        <translation>Nachricht ausblenden …</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="58"/>
        <source>Hide the reported message from everyone; its content is kept</source>
        <translation>Die gemeldete Nachricht für alle ausblenden; ihr Inhalt bleibt erhalten</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="59"/>
        <source>Delete message ...</source>
        <translation>Nachricht löschen …</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="59"/>
        <source>Erase the reported message&apos;s content</source>
        <translation>Den Inhalt der gemeldeten Nachricht löschen</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="62"/>
        <source>The reported message and the messages around it:</source>
        <translation>Die gemeldete Nachricht und die Nachrichten davor und danach:</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="89"/>
        <source>Select a report</source>
        <translation>Eine Meldung auswählen</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="101"/>
        <source>Report %1 · %2</source>
        <translation>Meldung %1 · %2</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="106"/>
        <source>nobody</source>
        <translation>niemand</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="109"/>
        <source>%1 by %2 at %3: %4</source>
        <translation>%1 durch %2 am %3: %4</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="110"/>
        <source>Dismissed</source>
        <translation>Verworfen</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="113"/>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="115"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="116"/>
        <source>not a group</source>
        <translation>keine Gruppe</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="158"/>
        <source>This report is about the user, not about a message.</source>
        <translation>Diese Meldung betrifft den Benutzer, nicht eine Nachricht.</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="165"/>
        <source>The reported message is no longer available.</source>
        <translation>Die gemeldete Nachricht ist nicht mehr verfügbar.</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="175"/>
        <source>user %1</source>
        <translation>Benutzer %1</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="181"/>
        <source>(removed)</source>
        <translation>(entfernt)</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="184"/>
        <source>(edited)</source>
        <translation>(bearbeitet)</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="190"/>
        <source>reported</source>
        <translation>gemeldet</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="196"/>
        <source>Earlier versions of the reported message</source>
        <translation>Frühere Fassungen der gemeldeten Nachricht</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="199"/>
        <source>(does not open)</source>
        <translation>(lässt sich nicht öffnen)</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="202"/>
        <source>version %1</source>
        <translation>Fassung %1</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportDetailsPanel.cpp" line="203"/>
        <source>replaced %1</source>
        <translation>ersetzt %1</translation>
    </message>
</context>
<context>
    <name>Banter::Console::ReportQueueModel</name>
    <message>
        <location filename="../console/core/ReportQueueModel.cpp" line="87"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../console/core/ReportQueueModel.cpp" line="87"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../console/core/ReportQueueModel.cpp" line="87"/>
        <source>Reported user</source>
        <translation>Gemeldeter Benutzer</translation>
    </message>
    <message>
        <location filename="../console/core/ReportQueueModel.cpp" line="87"/>
        <source>Reporter</source>
        <translation>Melder</translation>
    </message>
    <message>
        <location filename="../console/core/ReportQueueModel.cpp" line="87"/>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <location filename="../console/core/ReportQueueModel.cpp" line="88"/>
        <source>Assignee</source>
        <translation>Zuständig</translation>
    </message>
    <message>
        <location filename="../console/core/ReportQueueModel.cpp" line="88"/>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
</context>
<context>
    <name>Banter::Console::ReportsPage</name>
    <message>
        <location filename="../console/ui/ReportsPage.cpp" line="33"/>
        <source>Open and assigned</source>
        <translation>Offen und zugewiesen</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportsPage.cpp" line="34"/>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportsPage.cpp" line="35"/>
        <source>Assigned</source>
        <translation>Zugewiesen</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportsPage.cpp" line="36"/>
        <source>Resolved</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportsPage.cpp" line="37"/>
        <source>Dismissed</source>
        <translation>Verworfen</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportsPage.cpp" line="38"/>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportsPage.cpp" line="40"/>
        <source>Show:</source>
        <translation>Anzeigen:</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportsPage.cpp" line="72"/>
        <source>1 report listed</source>
        <translation>1 Meldung aufgelistet</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportsPage.cpp" line="72"/>
        <source>%1 reports listed</source>
        <translation>%1 Meldungen aufgelistet</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportsPage.cpp" line="90"/>
        <source>Could not load reports: %1</source>
        <translation>Meldungen konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportsPage.cpp" line="159"/>
        <source>Could not load report %1: %2</source>
        <translation>Meldung %1 konnte nicht geladen werden: %2</translation>
    </message>
    <message>
        <location filename="../console/ui/ReportsPage.cpp" line="179"/>
        <source>user %1</source>
        <translation>Benutzer %1</translation>
    </message>
</context>
<context>
    <name>Banter::Console::ScreenshotTour</name>
    <message>
        <location filename="../console/ui/ScreenshotTour.cpp" line="136"/>
        <source>Spam links in several groups after two warnings.</source>
        <translation>Spam-Links in mehreren Gruppen nach zwei Verwarnungen.</translation>
    </message>
</context>
<context>
    <name>Banter::Console::UserActions</name>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="40"/>
        <source>Suspend %1</source>
        <translation>%1 befristet sperren</translation>
    </message>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="41"/>
        <source>Suspend %1? They are logged out everywhere at once and cannot log in until the suspension ends or is lifted.</source>
        <translation>%1 befristet sperren? Der Benutzer wird sofort überall abgemeldet und kann sich erst wieder anmelden, wenn die Sperre endet oder aufgehoben wird.</translation>
    </message>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="43"/>
        <source>Suspend</source>
        <translation>Befristet sperren</translation>
    </message>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="50"/>
        <source>Duration:</source>
        <translation>Dauer:</translation>
    </message>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="53"/>
        <source>Could not suspend %1: %2</source>
        <translation>%1 konnte nicht befristet gesperrt werden: %2</translation>
    </message>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="53"/>
        <source>%1 is suspended.</source>
        <translation>%1 ist befristet gesperrt.</translation>
    </message>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="60"/>
        <source>Ban %1</source>
        <translation>%1 sperren</translation>
    </message>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="61"/>
        <source>Ban %1? They are logged out everywhere at once, their connections close, and they cannot log in until someone unbans them.</source>
        <translation>%1 sperren? Der Benutzer wird sofort überall abgemeldet, seine Verbindungen werden geschlossen, und er kann sich erst wieder anmelden, wenn jemand die Sperre aufhebt.</translation>
    </message>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="63"/>
        <source>Ban</source>
        <translation>Sperren</translation>
    </message>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="66"/>
        <source>Could not ban %1: %2</source>
        <translation>%1 konnte nicht gesperrt werden: %2</translation>
    </message>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="66"/>
        <source>%1 is banned.</source>
        <translation>%1 ist gesperrt.</translation>
    </message>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="73"/>
        <source>Unban %1</source>
        <translation>%1 entsperren</translation>
    </message>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="74"/>
        <source>Lift the ban or suspension of %1? They can log in again at once.</source>
        <translation>Die Sperre von %1 aufheben? Der Benutzer kann sich sofort wieder anmelden.</translation>
    </message>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="75"/>
        <source>Unban</source>
        <translation>Entsperren</translation>
    </message>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="78"/>
        <source>Could not unban %1: %2</source>
        <translation>%1 konnte nicht entsperrt werden: %2</translation>
    </message>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="78"/>
        <source>%1 is active again.</source>
        <translation>%1 ist wieder aktiv.</translation>
    </message>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="85"/>
        <source>Force logout of %1</source>
        <translation>Abmeldung von %1 erzwingen</translation>
    </message>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="86"/>
        <source>End every login of %1 and close their connections? They can log in again.</source>
        <translation>Alle Anmeldungen von %1 beenden und die Verbindungen schließen? Der Benutzer kann sich wieder anmelden.</translation>
    </message>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="88"/>
        <source>Log out</source>
        <translation>Abmelden</translation>
    </message>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="92"/>
        <source>Could not log out %1: %2</source>
        <translation>%1 konnte nicht abgemeldet werden: %2</translation>
    </message>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="95"/>
        <source>%2: 1 session ended.</source>
        <translation>%2: 1 Sitzung beendet.</translation>
    </message>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="95"/>
        <source>%2: %1 sessions ended.</source>
        <translation>%2: %1 Sitzungen beendet.</translation>
    </message>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="105"/>
        <source>Change the role of %1</source>
        <translation>Rolle von %1 ändern</translation>
    </message>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="106"/>
        <source>Give %1 another role? Moderators and admins can use this console.</source>
        <translation>%1 eine andere Rolle geben? Moderatoren und Admins können diese Konsole benutzen.</translation>
    </message>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="107"/>
        <source>Change role</source>
        <translation>Rolle ändern</translation>
    </message>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="113"/>
        <source>New role:</source>
        <translation>Neue Rolle:</translation>
    </message>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="116"/>
        <source>Could not change the role of %1: %2</source>
        <translation>Die Rolle von %1 konnte nicht geändert werden: %2</translation>
    </message>
    <message>
        <location filename="../console/ui/UserActions.cpp" line="116"/>
        <source>%1 has a new role.</source>
        <translation>%1 hat eine neue Rolle.</translation>
    </message>
</context>
<context>
    <name>Banter::Console::UserDetailsPanel</name>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="62"/>
        <source>Role:</source>
        <translation>Rolle:</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="63"/>
        <source>State:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="64"/>
        <source>Online:</source>
        <translation>Online:</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="65"/>
        <source>Last seen:</source>
        <translation>Zuletzt gesehen:</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="66"/>
        <source>Member since:</source>
        <translation>Mitglied seit:</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="67"/>
        <source>Conversations:</source>
        <translation>Unterhaltungen:</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="73"/>
        <source>Suspend ...</source>
        <translation>Befristet sperren …</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="73"/>
        <source>Suspend this account for a while: logs it out everywhere</source>
        <translation>Dieses Konto für eine Weile sperren: meldet es überall ab</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="74"/>
        <source>Ban ...</source>
        <translation>Sperren …</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="74"/>
        <source>Ban this account: logs it out everywhere until unbanned</source>
        <translation>Dieses Konto sperren: meldet es überall ab, bis die Sperre aufgehoben wird</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="75"/>
        <source>Unban ...</source>
        <translation>Entsperren …</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="75"/>
        <source>Lift a ban or a suspension</source>
        <translation>Eine Sperre aufheben</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="77"/>
        <source>Force logout ...</source>
        <translation>Abmelden erzwingen …</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="77"/>
        <source>End every login of this account and close its connections</source>
        <translation>Alle Anmeldungen dieses Kontos beenden und seine Verbindungen schließen</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="78"/>
        <source>Change role ...</source>
        <translation>Rolle ändern …</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="78"/>
        <source>Make this account a user, moderator or admin (admins only)</source>
        <translation>Dieses Konto zu Benutzer, Moderator oder Admin machen (nur Admins)</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="80"/>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="80"/>
        <source>Load this user again</source>
        <translation>Diesen Benutzer neu laden</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="85"/>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="86"/>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="85"/>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="86"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="85"/>
        <source>Logged in</source>
        <translation>Angemeldet</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="85"/>
        <source>Last used</source>
        <translation>Zuletzt benutzt</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="85"/>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="87"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="86"/>
        <source>Connected since</source>
        <translation>Verbunden seit</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="86"/>
        <source>Last activity</source>
        <translation>Letzte Aktivität</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="87"/>
        <source>Report</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="87"/>
        <source>Reporter</source>
        <translation>Melder</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="87"/>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="87"/>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="91"/>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="91"/>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="91"/>
        <source>Members</source>
        <translation>Mitglieder</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="135"/>
        <source>%1 (loading ...)</source>
        <translation>%1 (wird geladen …)</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="141"/>
        <source>Select a user</source>
        <translation>Einen Benutzer auswählen</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="148"/>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="149"/>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="150"/>
        <source>Reports</source>
        <translation>Meldungen</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="151"/>
        <source>Groups</source>
        <translation>Gruppen</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="161"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="165"/>
        <source>Suspended until %1</source>
        <translation>Befristet gesperrt bis %1</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="167"/>
        <source>reason: %1</source>
        <translation>Grund: %1</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="170"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="170"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="178"/>
        <source>revoked</source>
        <translation>widerrufen</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="178"/>
        <source>active</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="202"/>
        <source>Sessions (%1)</source>
        <translation>Sitzungen (%1)</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="203"/>
        <source>Connections (%1)</source>
        <translation>Verbindungen (%1)</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="204"/>
        <source>Reports (%1)</source>
        <translation>Meldungen (%1)</translation>
    </message>
    <message>
        <location filename="../console/ui/UserDetailsPanel.cpp" line="205"/>
        <source>Groups (%1)</source>
        <translation>Gruppen (%1)</translation>
    </message>
</context>
<context>
    <name>Banter::Console::UserListModel</name>
    <message>
        <location filename="../console/core/UserListModel.cpp" line="53"/>
        <source>Banned: %1</source>
        <translation>Gesperrt: %1</translation>
    </message>
    <message>
        <location filename="../console/core/UserListModel.cpp" line="55"/>
        <source>Suspended until %1</source>
        <translation>Befristet gesperrt bis %1</translation>
    </message>
    <message>
        <location filename="../console/core/UserListModel.cpp" line="63"/>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <location filename="../console/core/UserListModel.cpp" line="63"/>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <location filename="../console/core/UserListModel.cpp" line="75"/>
        <source>Username</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <location filename="../console/core/UserListModel.cpp" line="75"/>
        <source>Display name</source>
        <translation>Anzeigename</translation>
    </message>
    <message>
        <location filename="../console/core/UserListModel.cpp" line="75"/>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <location filename="../console/core/UserListModel.cpp" line="75"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../console/core/UserListModel.cpp" line="75"/>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../console/core/UserListModel.cpp" line="76"/>
        <source>Last seen</source>
        <translation>Zuletzt gesehen</translation>
    </message>
    <message>
        <location filename="../console/core/UserListModel.cpp" line="76"/>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
</context>
<context>
    <name>Banter::Console::UsersPage</name>
    <message>
        <location filename="../console/ui/UsersPage.cpp" line="31"/>
        <source>Search by username or display name (prefix)</source>
        <translation>Nach Benutzername oder Anzeigename suchen (Anfang)</translation>
    </message>
    <message>
        <location filename="../console/ui/UsersPage.cpp" line="71"/>
        <source>Could not load users: %1</source>
        <translation>Benutzer konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <location filename="../console/ui/UsersPage.cpp" line="171"/>
        <source>Could not load the user: %1</source>
        <translation>Der Benutzer konnte nicht geladen werden: %1</translation>
    </message>
</context>
<context>
    <name>CommandDispatcher</name>
    <message>
        <location filename="../console/core/CommandDispatcher.cpp" line="47"/>
        <source>Unknown command: %1 (commands: %2)</source>
        <translation>Unbekannter Befehl: %1 (Befehle: %2)</translation>
    </message>
</context>
<context>
    <name>ConversationsCommand</name>
    <message>
        <location filename="../console/core/ConversationsCommand.cpp" line="13"/>
        <source>Usage: banter-console conversations remove-member CONVERSATION_ID USER --reason R</source>
        <translation>Aufruf: banter-console conversations remove-member CONVERSATION_ID USER --reason R</translation>
    </message>
    <message>
        <location filename="../console/core/ConversationsCommand.cpp" line="14"/>
        <source>Unknown action: %1</source>
        <translation>Unbekannte Aktion: %1</translation>
    </message>
    <message>
        <location filename="../console/core/ConversationsCommand.cpp" line="18"/>
        <source>Why (1-500 characters; written to the audit log).</source>
        <translation>Warum (1–500 Zeichen; kommt ins Audit-Protokoll).</translation>
    </message>
    <message>
        <location filename="../console/core/ConversationsCommand.cpp" line="20"/>
        <source>Removes a user (name or id) from a conversation; their sockets stop getting it.</source>
        <translation>Entfernt einen Benutzer (Name oder ID) aus einer Unterhaltung; seine Sockets erhalten sie nicht mehr.</translation>
    </message>
    <message>
        <location filename="../console/core/ConversationsCommand.cpp" line="25"/>
        <source>--reason is required.</source>
        <translation>--reason ist erforderlich.</translation>
    </message>
    <message>
        <location filename="../console/core/ConversationsCommand.cpp" line="38"/>
        <source>%1 was removed from conversation %2.</source>
        <translation>%1 wurde aus der Unterhaltung %2 entfernt.</translation>
    </message>
</context>
<context>
    <name>HealthCommand</name>
    <message>
        <location filename="../console/core/HealthCommand.cpp" line="23"/>
        <source>Checks whether a Banter server is ready.</source>
        <translation>Prüft, ob ein Banter-Server bereit ist.</translation>
    </message>
    <message>
        <location filename="../console/core/HealthCommand.cpp" line="25"/>
        <source>Server URL (default $BANTER_SERVER or http://127.0.0.1:8080).</source>
        <translation>Server-URL (Standard: $BANTER_SERVER oder http://127.0.0.1:8080).</translation>
    </message>
    <message>
        <location filename="../console/core/HealthCommand.cpp" line="26"/>
        <source>Print the result as JSON.</source>
        <translation>Ergebnis als JSON ausgeben.</translation>
    </message>
    <message>
        <location filename="../console/core/HealthCommand.cpp" line="27"/>
        <source>Seconds to wait (default 5).</source>
        <translation>Wartezeit in Sekunden (Standard: 5).</translation>
    </message>
    <message>
        <location filename="../console/core/HealthCommand.cpp" line="28"/>
        <source>Language (e.g. de).</source>
        <translation>Sprache (z. B. de).</translation>
    </message>
    <message>
        <location filename="../console/core/HealthCommand.cpp" line="42"/>
        <source>Invalid server URL: %1</source>
        <translation>Ungültige Server-URL: %1</translation>
    </message>
</context>
<context>
    <name>JobsCommand</name>
    <message>
        <location filename="../console/core/JobsCommand.cpp" line="14"/>
        <source>%1	%2	%3	%4	attempts %5/%6	due %7</source>
        <translation>%1	%2	%3	%4	Versuche %5/%6	fällig %7</translation>
    </message>
    <message>
        <location filename="../console/core/JobsCommand.cpp" line="21"/>
        <source>last error: %1</source>
        <translation>letzter Fehler: %1</translation>
    </message>
    <message>
        <location filename="../console/core/JobsCommand.cpp" line="30"/>
        <source>Dead jobs (out of attempts), with their last error, instead of pending ones.</source>
        <translation>Tote Jobs (ohne verbleibende Versuche) mit ihrem letzten Fehler statt der wartenden.</translation>
    </message>
    <message>
        <location filename="../console/core/JobsCommand.cpp" line="31"/>
        <source>Only jobs of this kind.</source>
        <translation>Nur Jobs dieser Art.</translation>
    </message>
    <message>
        <location filename="../console/core/JobsCommand.cpp" line="32"/>
        <source>How many (default 50).</source>
        <translation>Wie viele (Standard 50).</translation>
    </message>
    <message>
        <location filename="../console/core/JobsCommand.cpp" line="33"/>
        <source>Runs this dead job again (written to the audit log).</source>
        <translation>Führt diesen toten Job erneut aus (wird im Audit-Log vermerkt).</translation>
    </message>
    <message>
        <location filename="../console/core/JobsCommand.cpp" line="34"/>
        <source>With --retry: why (at most 500 characters; written to the audit log).</source>
        <translation>Mit --retry: warum (höchstens 500 Zeichen; wird im Audit-Log vermerkt).</translation>
    </message>
    <message>
        <location filename="../console/core/JobsCommand.cpp" line="36"/>
        <source>Shows the job queue&apos;s pending or dead jobs, or runs a dead job again (admins only).</source>
        <translation>Zeigt die wartenden oder toten Jobs der Job-Warteschlange oder führt einen toten Job erneut aus (nur Admins).</translation>
    </message>
    <message>
        <location filename="../console/core/JobsCommand.cpp" line="40"/>
        <source>--retry and --failed do not go together.</source>
        <translation>--retry und --failed passen nicht zusammen.</translation>
    </message>
    <message>
        <location filename="../console/core/JobsCommand.cpp" line="44"/>
        <source>--limit takes a number from 1 to 500.</source>
        <translation>--limit erwartet eine Zahl von 1 bis 500.</translation>
    </message>
    <message>
        <location filename="../console/core/JobsCommand.cpp" line="56"/>
        <source>Job %1 (%2) will run again.</source>
        <translation>Job %1 (%2) wird erneut ausgeführt.</translation>
    </message>
    <message>
        <location filename="../console/core/JobsCommand.cpp" line="69"/>
        <source>No dead jobs.</source>
        <translation>Keine toten Jobs.</translation>
    </message>
    <message>
        <location filename="../console/core/JobsCommand.cpp" line="69"/>
        <source>No pending jobs.</source>
        <translation>Keine wartenden Jobs.</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../console/ui/Labels.cpp" line="12"/>
        <location filename="../console/ui/Labels.cpp" line="107"/>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="14"/>
        <source>Moderator</source>
        <translation>Moderator</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="16"/>
        <source>Admin</source>
        <translation>Admin</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="23"/>
        <source>Owner</source>
        <translation>Eigentümer</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="25"/>
        <source>Group admin</source>
        <translation>Gruppenadmin</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="27"/>
        <source>Member</source>
        <translation>Mitglied</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="35"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="42"/>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="44"/>
        <source>Suspended</source>
        <translation>Befristet gesperrt</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="46"/>
        <source>Banned</source>
        <translation>Gesperrt</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="53"/>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="55"/>
        <source>Assigned</source>
        <translation>Zugewiesen</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="57"/>
        <source>Resolved</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="59"/>
        <source>Dismissed</source>
        <translation>Verworfen</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="73"/>
        <source>Suspend user</source>
        <translation>Benutzer befristet sperren</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="75"/>
        <source>Ban user</source>
        <translation>Benutzer sperren</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="77"/>
        <source>Unban user</source>
        <translation>Benutzer entsperren</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="79"/>
        <source>Force logout</source>
        <translation>Abmelden erzwingen</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="81"/>
        <source>Change role</source>
        <translation>Rolle ändern</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="83"/>
        <source>Create admin</source>
        <translation>Admin anlegen</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="85"/>
        <source>Assign report</source>
        <translation>Meldung zuweisen</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="87"/>
        <source>Resolve report</source>
        <translation>Meldung erledigen</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="89"/>
        <source>Dismiss report</source>
        <translation>Meldung verwerfen</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="91"/>
        <source>Hide message</source>
        <translation>Nachricht ausblenden</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="93"/>
        <source>Delete message</source>
        <translation>Nachricht löschen</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="95"/>
        <source>Remove member</source>
        <translation>Mitglied entfernen</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="97"/>
        <source>Delete media</source>
        <translation>Datei löschen</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="99"/>
        <source>Retry job</source>
        <translation>Job erneut ausführen</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="101"/>
        <source>Sign in with a provider</source>
        <translation>Anmeldung über einen Anbieter</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="103"/>
        <source>Link a provider</source>
        <translation>Anbieter verknüpfen</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="105"/>
        <source>Unlink a provider</source>
        <translation>Anbieter trennen</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="109"/>
        <source>Report</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="111"/>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="113"/>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="127"/>
        <source>1 day</source>
        <translation>1 Tag</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="127"/>
        <source>%1 days</source>
        <translation>%1 Tage</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="129"/>
        <source>1 hour</source>
        <translation>1 Stunde</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="129"/>
        <source>%1 hours</source>
        <translation>%1 Stunden</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="130"/>
        <source>1 minute</source>
        <translation>1 Minute</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="130"/>
        <source>%1 minutes</source>
        <translation>%1 Minuten</translation>
    </message>
    <message>
        <location filename="../console/ui/Labels.cpp" line="140"/>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
</context>
<context>
    <name>MessagesCommand</name>
    <message>
        <location filename="../console/core/MessagesCommand.cpp" line="19"/>
        <source>Usage: banter-console messages hide|delete ID --reason R | history ID | delete-media ID --reason R</source>
        <translation>Aufruf: banter-console messages hide|delete ID --reason R | history ID | delete-media ID --reason R</translation>
    </message>
    <message>
        <location filename="../console/core/MessagesCommand.cpp" line="20"/>
        <source>Unknown action: %1</source>
        <translation>Unbekannte Aktion: %1</translation>
    </message>
    <message>
        <location filename="../console/core/MessagesCommand.cpp" line="44"/>
        <source>Why (1-500 characters; written to the audit log).</source>
        <translation>Warum (1–500 Zeichen; kommt ins Audit-Protokoll).</translation>
    </message>
    <message>
        <location filename="../console/core/MessagesCommand.cpp" line="22"/>
        <source>Hides a message from everybody; its content is kept for the audit.</source>
        <translation>Blendet eine Nachricht für alle aus; ihr Inhalt bleibt für das Audit erhalten.</translation>
    </message>
    <message>
        <location filename="../console/core/MessagesCommand.cpp" line="23"/>
        <source>Deletes a message: its content is erased.</source>
        <translation>Löscht eine Nachricht: ihr Inhalt wird gelöscht.</translation>
    </message>
    <message>
        <location filename="../console/core/MessagesCommand.cpp" line="49"/>
        <source>--reason is required.</source>
        <translation>--reason ist erforderlich.</translation>
    </message>
    <message>
        <location filename="../console/core/MessagesCommand.cpp" line="36"/>
        <source>Message %1 is hidden.</source>
        <translation>Nachricht %1 ist ausgeblendet.</translation>
    </message>
    <message>
        <location filename="../console/core/MessagesCommand.cpp" line="36"/>
        <source>Message %1 is deleted.</source>
        <translation>Nachricht %1 ist gelöscht.</translation>
    </message>
    <message>
        <location filename="../console/core/MessagesCommand.cpp" line="61"/>
        <source>Deletes an uploaded file (a message&apos;s attachment): nobody can download it any more.</source>
        <translation>Löscht eine hochgeladene Datei (den Anhang einer Nachricht): niemand kann sie mehr herunterladen.</translation>
    </message>
    <message>
        <location filename="../console/core/MessagesCommand.cpp" line="70"/>
        <source>Media %1 is deleted.</source>
        <translation>Datei %1 ist gelöscht.</translation>
    </message>
    <message>
        <location filename="../console/core/MessagesCommand.cpp" line="79"/>
        <source>Shows a message and the earlier versions of its text, oldest first.</source>
        <translation>Zeigt eine Nachricht und die früheren Fassungen ihres Textes, die älteste zuerst.</translation>
    </message>
    <message>
        <location filename="../console/core/MessagesCommand.cpp" line="93"/>
        <source>Message %1, now: %2</source>
        <translation>Nachricht %1, jetzt: %2</translation>
    </message>
    <message>
        <location filename="../console/core/MessagesCommand.cpp" line="93"/>
        <source>(removed)</source>
        <translation>(entfernt)</translation>
    </message>
    <message>
        <location filename="../console/core/MessagesCommand.cpp" line="96"/>
        <source>No earlier versions.</source>
        <translation>Keine früheren Fassungen.</translation>
    </message>
    <message>
        <location filename="../console/core/MessagesCommand.cpp" line="99"/>
        <source>Version %1, replaced at %2: %3</source>
        <translation>Fassung %1, ersetzt am %2: %3</translation>
    </message>
    <message>
        <location filename="../console/core/MessagesCommand.cpp" line="102"/>
        <source>(does not open)</source>
        <translation>(lässt sich nicht öffnen)</translation>
    </message>
</context>
<context>
    <name>MetricsCommand</name>
    <message>
        <location filename="../console/core/MetricsCommand.cpp" line="13"/>
        <source>%1	connections %2	online %3	messages in %4/s	deliveries out %5/s	db batch %6 ms</source>
        <translation>%1	Verbindungen %2	online %3	Nachrichten ein %4/s	Zustellungen aus %5/s	DB-Batch %6 ms</translation>
    </message>
    <message>
        <location filename="../console/core/MetricsCommand.cpp" line="28"/>
        <source>Shows the server&apos;s per-second metrics.</source>
        <translation>Zeigt die sekündlichen Messwerte des Servers.</translation>
    </message>
</context>
<context>
    <name>PresenceCommand</name>
    <message>
        <location filename="../console/core/PresenceCommand.cpp" line="13"/>
        <source>  %1	%2	%3	since %4</source>
        <translation>  %1	%2	%3	seit %4</translation>
    </message>
    <message>
        <location filename="../console/core/PresenceCommand.cpp" line="19"/>
        <source>%1 users online, %2 connections</source>
        <translation>%1 Benutzer online, %2 Verbindungen</translation>
    </message>
    <message>
        <location filename="../console/core/PresenceCommand.cpp" line="21"/>
        <source>%1 (%2): %3 connection(s)</source>
        <translation>%1 (%2): %3 Verbindung(en)</translation>
    </message>
    <message>
        <location filename="../console/core/PresenceCommand.cpp" line="34"/>
        <source>Shows who is online, with their connections.</source>
        <translation>Zeigt, wer online ist, mit den Verbindungen.</translation>
    </message>
    <message>
        <location filename="../console/core/PresenceCommand.cpp" line="59"/>
        <source>+ %1 (%2) connected</source>
        <translation>+ %1 (%2) verbunden</translation>
    </message>
    <message>
        <location filename="../console/core/PresenceCommand.cpp" line="64"/>
        <source>- user %1: connection %2 closed</source>
        <translation>- Benutzer %1: Verbindung %2 geschlossen</translation>
    </message>
</context>
<context>
    <name>ReportsCommand</name>
    <message>
        <location filename="../console/core/ReportsCommand.cpp" line="14"/>
        <source>#%1	%2	%3 reported by %4: %5</source>
        <translation>#%1	%2	%3 gemeldet von %4: %5</translation>
    </message>
    <message>
        <location filename="../console/core/ReportsCommand.cpp" line="17"/>
        <source>	assigned to %1</source>
        <translation>	zugewiesen an %1</translation>
    </message>
    <message>
        <location filename="../console/core/ReportsCommand.cpp" line="19"/>
        <source>	%1 by %2: %3</source>
        <translation>	%1 durch %2: %3</translation>
    </message>
    <message>
        <location filename="../console/core/ReportsCommand.cpp" line="27"/>
        <source>(removed)</source>
        <translation>(entfernt)</translation>
    </message>
    <message>
        <location filename="../console/core/ReportsCommand.cpp" line="28"/>
        <source>%1 [%2] seq %3 from %4: %5</source>
        <translation>%1 [%2] seq %3 von %4: %5</translation>
    </message>
    <message>
        <location filename="../console/core/ReportsCommand.cpp" line="38"/>
        <source>open, assigned, resolved or dismissed (default: open and assigned).</source>
        <translation>open, assigned, resolved oder dismissed (Standard: open und assigned).</translation>
    </message>
    <message>
        <location filename="../console/core/ReportsCommand.cpp" line="39"/>
        <source>How many (default 50).</source>
        <translation>Wie viele (Standard 50).</translation>
    </message>
    <message>
        <location filename="../console/core/ReportsCommand.cpp" line="40"/>
        <source>Continue after a previous page (its nextCursor).</source>
        <translation>Nach einer vorigen Seite fortfahren (deren nextCursor).</translation>
    </message>
    <message>
        <location filename="../console/core/ReportsCommand.cpp" line="41"/>
        <source>Lists reports, oldest first.</source>
        <translation>Listet Meldungen auf, älteste zuerst.</translation>
    </message>
    <message>
        <location filename="../console/core/ReportsCommand.cpp" line="45"/>
        <source>--state is one of open, assigned, resolved, dismissed.</source>
        <translation>--state ist open, assigned, resolved oder dismissed.</translation>
    </message>
    <message>
        <location filename="../console/core/ReportsCommand.cpp" line="57"/>
        <source>No reports.</source>
        <translation>Keine Meldungen.</translation>
    </message>
    <message>
        <location filename="../console/core/ReportsCommand.cpp" line="59"/>
        <source>More: --cursor %1</source>
        <translation>Weitere: --cursor %1</translation>
    </message>
    <message>
        <location filename="../console/core/ReportsCommand.cpp" line="71"/>
        <source>Shows a report with the reported message and its context.</source>
        <translation>Zeigt eine Meldung mit der gemeldeten Nachricht und ihrem Kontext.</translation>
    </message>
    <message>
        <location filename="../console/core/ReportsCommand.cpp" line="74"/>
        <source>Assigns a report to yourself.</source>
        <translation>Weist eine Meldung Ihnen selbst zu.</translation>
    </message>
    <message>
        <location filename="../console/core/ReportsCommand.cpp" line="76"/>
        <source>Why (1-500 characters; written to the audit log).</source>
        <translation>Warum (1–500 Zeichen; kommt ins Audit-Protokoll).</translation>
    </message>
    <message>
        <location filename="../console/core/ReportsCommand.cpp" line="78"/>
        <source>What was done (1-100 characters), e.g. banned, message_removed, warned.</source>
        <translation>Was getan wurde (1–100 Zeichen), z. B. banned, message_removed, warned.</translation>
    </message>
    <message>
        <location filename="../console/core/ReportsCommand.cpp" line="80"/>
        <source>Closes a report as resolved.</source>
        <translation>Schließt eine Meldung als erledigt.</translation>
    </message>
    <message>
        <location filename="../console/core/ReportsCommand.cpp" line="83"/>
        <source>Closes a report without action.</source>
        <translation>Schließt eine Meldung ohne Maßnahme.</translation>
    </message>
    <message>
        <location filename="../console/core/ReportsCommand.cpp" line="91"/>
        <source>--reason is required.</source>
        <translation>--reason ist erforderlich.</translation>
    </message>
    <message>
        <location filename="../console/core/ReportsCommand.cpp" line="93"/>
        <source>--action is required.</source>
        <translation>--action ist erforderlich.</translation>
    </message>
    <message>
        <location filename="../console/core/ReportsCommand.cpp" line="111"/>
        <source>Created %1</source>
        <translation>Erstellt %1</translation>
    </message>
    <message>
        <location filename="../console/core/ReportsCommand.cpp" line="124"/>
        <source>Usage: banter-console reports ACTION ... (--help after an action for its options)
Actions: list [--state open], show ID, assign ID, resolve ID --action A --reason R, dismiss ID --reason R</source>
        <translation>Aufruf: banter-console reports AKTION ... (--help nach einer Aktion zeigt ihre Optionen)
Aktionen: list [--state open], show ID, assign ID, resolve ID --action A --reason R, dismiss ID --reason R</translation>
    </message>
    <message>
        <location filename="../console/core/ReportsCommand.cpp" line="138"/>
        <source>Unknown action: %1</source>
        <translation>Unbekannte Aktion: %1</translation>
    </message>
</context>
<context>
    <name>UsersCommand</name>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="15"/>
        <source>-</source>
        <translation>-</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="22"/>
        <source>suspended until %1</source>
        <translation>befristet gesperrt bis %1</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="24"/>
        <source>banned (%1)</source>
        <translation>gesperrt (%1)</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="25"/>
        <source>%1	%2	%3	%4	%5	%6</source>
        <translation>%1	%2	%3	%4	%5	%6</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="26"/>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="26"/>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="40"/>
        <source>How many users (1-100, default 50).</source>
        <translation>Wie viele Benutzer (1–100, Standard 50).</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="41"/>
        <source>Continue after a previous page (its nextCursor).</source>
        <translation>Nach einer vorigen Seite fortfahren (deren nextCursor).</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="42"/>
        <source>Finds users by username or display name prefix.</source>
        <translation>Findet Benutzer über den Anfang von Benutzername oder Anzeigename.</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="55"/>
        <source>No users found.</source>
        <translation>Keine Benutzer gefunden.</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="57"/>
        <source>More: --cursor %1</source>
        <translation>Weitere: --cursor %1</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="65"/>
        <source>Shows a user with sessions, connections and reports.</source>
        <translation>Zeigt einen Benutzer mit Sitzungen, Verbindungen und Meldungen.</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="78"/>
        <source>Created %1, last seen %2, %3 conversations</source>
        <translation>Erstellt %1, zuletzt gesehen %2, %3 Unterhaltungen</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="79"/>
        <source>Sessions: %1</source>
        <translation>Sitzungen: %1</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="81"/>
        <source>  %1	%2	%3	last used %4%5</source>
        <translation>  %1	%2	%3	zuletzt benutzt %4%5</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="82"/>
        <source>	revoked</source>
        <translation>	widerrufen</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="83"/>
        <source>Connections: %1</source>
        <translation>Verbindungen: %1</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="85"/>
        <source>  %1	%2	%3	since %4</source>
        <translation>  %1	%2	%3	seit %4</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="86"/>
        <source>Reports: %1</source>
        <translation>Meldungen: %1</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="88"/>
        <source>  #%1	%2	by %3: %4</source>
        <translation>  #%1	%2	von %3: %4</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="89"/>
        <source>Groups: %1</source>
        <translation>Gruppen: %1</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="94"/>
        <source>  %1	%2	%3	members: %4</source>
        <translation>  %1	%2	%3	Mitglieder: %4</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="104"/>
        <source>Why (1-500 characters; written to the audit log).</source>
        <translation>Warum (1–500 Zeichen; kommt ins Audit-Protokoll).</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="109"/>
        <source>How long: 90s, 15m, 12h, 7d, 2w (60 s to 365 d).</source>
        <translation>Wie lange: 90s, 15m, 12h, 7d, 2w (60 s bis 365 d).</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="111"/>
        <source>Suspends a user for a while: sessions revoked, sockets closed at once.</source>
        <translation>Sperrt einen Benutzer befristet: Sitzungen widerrufen, Sockets sofort geschlossen.</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="113"/>
        <source>Bans a user: sessions revoked, sockets closed at once.</source>
        <translation>Sperrt einen Benutzer: Sitzungen widerrufen, Sockets sofort geschlossen.</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="115"/>
        <source>Lifts a ban or a suspension.</source>
        <translation>Hebt eine Sperre auf.</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="117"/>
        <source>Revokes every session of a user and closes their sockets.</source>
        <translation>Widerruft alle Sitzungen eines Benutzers und schließt seine Sockets.</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="120"/>
        <source>Changes a user&apos;s role (admins only).</source>
        <translation>Ändert die Rolle eines Benutzers (nur Admins).</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="127"/>
        <source>--reason is required.</source>
        <translation>--reason ist erforderlich.</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="132"/>
        <source>--for takes a duration such as 90m, 12h or 7d.</source>
        <translation>--for erwartet eine Dauer wie 90m, 12h oder 7d.</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="137"/>
        <source>The role is one of user, moderator, admin.</source>
        <translation>Die Rolle ist user, moderator oder admin.</translation>
    </message>
    <message numerus="yes">
        <location filename="../console/core/UsersCommand.cpp" line="151"/>
        <source>%1: %n session(s) revoked.</source>
        <translation>
            <numerusform>%1: %n Sitzung widerrufen.</numerusform>
            <numerusform>%1: %n Sitzungen widerrufen.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="163"/>
        <source>%1 is suspended.</source>
        <translation>%1 ist befristet gesperrt.</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="164"/>
        <source>%1 is banned.</source>
        <translation>%1 ist gesperrt.</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="165"/>
        <source>%1 is active again.</source>
        <translation>%1 ist wieder aktiv.</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="166"/>
        <source>%1 has a new role.</source>
        <translation>%1 hat eine neue Rolle.</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="172"/>
        <source>Usage: banter-console users ACTION ... (--help after an action for its options)
Actions: search QUERY, show NAME|ID, suspend NAME --for 7d --reason R, ban NAME --reason R,
         unban NAME --reason R, logout NAME --reason R, role NAME ROLE --reason R</source>
        <translation>Aufruf: banter-console users AKTION ... (--help nach einer Aktion zeigt ihre Optionen)
Aktionen: search SUCHE, show NAME|ID, suspend NAME --for 7d --reason R, ban NAME --reason R,
         unban NAME --reason R, logout NAME --reason R, role NAME ROLLE --reason R</translation>
    </message>
    <message>
        <location filename="../console/core/UsersCommand.cpp" line="188"/>
        <source>Unknown action: %1</source>
        <translation>Unbekannte Aktion: %1</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../console/main.cpp" line="31"/>
        <source>Banter admin console. Without a command it opens the window; commands for scripts: %1</source>
        <translation>Banter-Admin-Konsole. Ohne Befehl öffnet sie das Fenster; Befehle für Skripte: %1</translation>
    </message>
    <message>
        <location filename="../console/main.cpp" line="35"/>
        <source>Server to log in to (default $BANTER_SERVER, else the last one used).</source>
        <translation>Server, bei dem angemeldet wird (Standard $BANTER_SERVER, sonst der zuletzt benutzte).</translation>
    </message>
    <message>
        <location filename="../console/main.cpp" line="36"/>
        <source>Username to log in with (default $BANTER_USER); with the password in $BANTER_PASSWORD it logs in at once.</source>
        <translation>Benutzername für die Anmeldung (Standard $BANTER_USER); steht das Passwort in $BANTER_PASSWORD, meldet sie sich sofort an.</translation>
    </message>
    <message>
        <location filename="../console/main.cpp" line="37"/>
        <source>Language (e.g. de).</source>
        <translation>Sprache (z. B. de).</translation>
    </message>
    <message>
        <location filename="../console/main.cpp" line="38"/>
        <source>Log in (--server, --user, $BANTER_PASSWORD), save a picture of each page into DIR, then quit.</source>
        <translation>Anmelden (--server, --user, $BANTER_PASSWORD), ein Bild jeder Seite in DIR speichern, dann beenden.</translation>
    </message>
    <message>
        <location filename="../console/main.cpp" line="53"/>
        <source>--screenshot-dir needs --user and $BANTER_PASSWORD</source>
        <translation>--screenshot-dir braucht --user und $BANTER_PASSWORD</translation>
    </message>
</context>
</TS>
