<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
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
    <name>Banter::Console::MainWindow</name>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="22"/>
        <source>Banter Console</source>
        <translation>Banter-Konsole</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="28"/>
        <source>http://127.0.0.1:8080</source>
        <translation>http://127.0.0.1:8080</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="29"/>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="30"/>
        <source>Server:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="36"/>
        <location filename="../console/ui/MainWindow.cpp" line="37"/>
        <location filename="../console/ui/MainWindow.cpp" line="38"/>
        <location filename="../console/ui/MainWindow.cpp" line="77"/>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="39"/>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="40"/>
        <source>Alive:</source>
        <translation>Lebt:</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="41"/>
        <source>Readiness:</source>
        <translation>Bereitschaft:</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="42"/>
        <source>Server version:</source>
        <translation>Serverversion:</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="43"/>
        <source>Last checked:</source>
        <translation>Zuletzt geprüft:</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="47"/>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="69"/>
        <source>Checking %1 ...</source>
        <translation>Prüfe %1 …</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="75"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="75"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="81"/>
        <source>Connected to %1</source>
        <translation>Verbunden mit %1</translation>
    </message>
    <message>
        <location filename="../console/ui/MainWindow.cpp" line="82"/>
        <source>Problem with %1</source>
        <translation>Problem mit %1</translation>
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
    <name>main</name>
    <message>
        <location filename="../console/main.cpp" line="37"/>
        <source>Unknown command: %1 (commands: health)</source>
        <translation>Unbekannter Befehl: %1 (Befehle: health)</translation>
    </message>
    <message>
        <location filename="../console/main.cpp" line="45"/>
        <source>Banter admin console. Commands: health</source>
        <translation>Banter-Administrationskonsole. Befehle: health</translation>
    </message>
    <message>
        <location filename="../console/main.cpp" line="48"/>
        <source>Server to connect to.</source>
        <translation>Server, mit dem verbunden wird.</translation>
    </message>
    <message>
        <location filename="../console/main.cpp" line="49"/>
        <source>Language (e.g. de).</source>
        <translation>Sprache (z. B. de).</translation>
    </message>
    <message>
        <location filename="../console/main.cpp" line="50"/>
        <source>Save a screenshot of the window to FILE once connected, then quit.</source>
        <translation>Nach dem Verbinden ein Bildschirmfoto des Fensters in DATEI speichern, dann beenden.</translation>
    </message>
</context>
</TS>
