"""Fake but format-valid secrets of every kind the redaction must catch, generated at run time.

Nothing here is a literal secret: each value is assembled from pieces and random characters (seeded), so
the repository holds no string a secret scanner (or push protection) would flag. `core` is the random part
that must never appear in any output.
"""

from __future__ import annotations

import base64
import random
import string
import uuid
from dataclasses import dataclass

ALNUM = string.ascii_letters + string.digits
URLSAFE = ALNUM + "_-"
HEX = "0123456789abcdef"
BECH32 = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L"


@dataclass(frozen=True, slots=True)
class Sample:
    kind: str  # the format, as the issue names it
    line: str  # a log line holding the secret
    core: str  # the part that must never leak
    shown: str = ""  # text of the line that must reach the report (default: what precedes the secret)


def _rand(rng: random.Random, size: int, alphabet: str = ALNUM) -> str:
    while True:  # mixed case and digits, like real tokens
        text = "".join(rng.choice(alphabet) for _ in range(size))
        if alphabet != ALNUM or (any(c.isupper() for c in text) and any(c.isdigit() for c in text)):
            return text


def samples(seed: int = 11) -> list[Sample]:
    rng = random.Random(seed)

    def r(size: int, alphabet: str = ALNUM) -> str:
        return _rand(rng, size, alphabet)

    def b64(size: int) -> str:
        return base64.b64encode(rng.randbytes(size)).decode()

    out: list[Sample] = []

    def add(kind: str, template: str, core: str, shown: str = "") -> None:
        out.append(Sample(kind, template.format(core), core, shown))

    add("stripe sk_live", "stripe.error: Invalid request with key {}", "sk_" + "live_" + r(24))
    add("stripe rk_live", "STRIPE_RESTRICTED={} rejected", "rk_" + "live_" + r(24))
    add("google api key", "GET https://maps.example.com/api?key={} -> 403", "AI" + "za" + "Sy" + r(33, URLSAFE))
    add("google oauth client secret", "client_config: {{'client_secret_value': '{}'}}", "GOC" + "SPX-" + r(28, URLSAFE))
    account_key = b64(64)
    add(
        "azure AccountKey",
        "conn DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={};EndpointSuffix=x",
        account_key,
    )
    sig = b64(32).replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    add("azure SAS sig", "PUT https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sp=rw&sig={} failed", sig)
    hook = "T" + r(8, string.ascii_uppercase + string.digits) + "/B" + r(9, string.ascii_uppercase) + "/" + r(24)
    add("slack webhook", "curl -X POST https://hooks.slack" + ".com/services/{} -> 500", hook)
    add("npm token", "npm ERR! 401 with token {}", "npm" + "_" + r(36))
    add("npmrc _auth", "//registry.example.org/:_auth={}", b64(24))
    add("npmrc _authToken", "  //npm.pkg.github.com/:_authToken={}", r(40))
    add("pypi token", "twine upload -p {} dist/*", "pypi-" + "AgEIcHlwaS5vcmc" + r(60, URLSAFE))
    add("docker hub pat", "docker login -u bot -p {} failed", "dckr" + "_pat_" + r(27, URLSAFE))
    add("gitlab token", "remote: HTTP Basic: Access denied ({})", "glp" + "at-" + r(20, URLSAFE))
    add("vault token", "vault read secret/x with {}: permission denied", "hv" + "s." + r(90, URLSAFE))
    add("sendgrid", "sendgrid: 401 for {}", "SG" + "." + r(22, URLSAFE) + "." + r(43, URLSAFE))
    add("twilio api key", "twilio 20003 Authenticate with {}", "S" + "K" + r(32, HEX))
    add("shopify token", "Shopify 401 with {}", "shp" + "at_" + r(32, HEX))
    bot = "".join(rng.choice(string.digits[1:]) for _ in range(10))
    add(
        "telegram bot token",
        "POST https://api.telegram.org/bot{}/sendMessage -> 404",
        bot + ":" + "AA" + r(33, URLSAFE),
    )
    add("age secret key", "sops: could not decrypt with {}", "AGE-SECRET" + "-KEY-1" + r(58, BECH32))
    add("kubeconfig client-key-data", "    client-key-data: {}", b64(120))
    add("heroku api key", "HEROKU_API_KEY={} heroku: Invalid credentials", str(uuid.UUID(int=rng.getrandbits(128))))
    add("heroku api key (context)", "heroku auth token: {}", str(uuid.UUID(int=rng.getrandbits(128))))
    add("heroku api key v2", "heroku: {} rejected", "HRKU-" + "AA" + r(58, URLSAFE))
    add("password=$", "mysql -u root password=${} failed", r(6) + "!" + r(6))
    pem = "-----BEGIN " + "RSA PRIVATE" + " KEY-----"
    add(
        "private key (PEM on one line)",
        "ssh-add: " + pem + " {} -----END RSA PRIVATE KEY-----",
        "MIIEow" + b64(48),
        "ssh-add:",
    )
    add(
        "gcp service account private_key",
        '{{"type": "service_account", "private_key": "-----BEGIN '
        + 'PRIVATE KEY-----\\n{}\\n-----END PRIVATE KEY-----"}}',
        "MIIEvQ" + b64(60),
        "service_account",
    )
    add("mailgun key", "mailgun: 401 Forbidden with {}", "key" + "-" + r(32, HEX))
    add("alibaba access key id", "aliyun: InvalidAccessKeyId.NotFound {}", "LT" + "AI" + r(20))
    add("netrc password", "machine api.example.com login bot password {}", r(20))
    hook_id = "".join(rng.choice(string.digits) for _ in range(18))
    add("discord webhook", "POST https://discord.com/api/webhooks/" + hook_id + "/{} -> 401", r(68, URLSAFE))
    add("hugging face token", "huggingface_hub: 401 for {}", "hf" + "_" + r(34, string.ascii_letters))
    add("databricks token", "databricks: 403 Invalid access token {}", "da" + "pi" + r(32, HEX))
    add("digitalocean token", "doctl: Unable to authenticate you {}", "do" + "p_v1_" + r(64, HEX))
    add("github app token", "remote: Invalid token {}", "gh" + "s_" + r(36))
    add("azure ad client secret", "AADSTS7000215: Invalid client secret provided: {}", r(3) + "8" + "Q~" + r(34))
    add("grafana service account token", "grafana: 401 {}", "gl" + "sa_" + r(32) + "_" + r(8, HEX))
    add("github pat", "remote: Invalid username or password {}", "gh" + "p_" + r(36))
    add("github fine-grained pat", "GITHUB_TOKEN={}", "github" + "_pat_" + r(22) + "_" + r(59))
    add("anthropic key", "x-api-key: {}", "sk-" + "ant-" + "api03-" + r(93, URLSAFE) + "AA")
    add("openai key", "openai.AuthenticationError: Incorrect API key provided: {}", "sk-" + "proj-" + r(48, URLSAFE))
    add("aws access key id", "InvalidClientTokenId for {}", "AK" + "IA" + r(16, string.ascii_uppercase + "234567"))
    add("aws secret key", "aws_secret_access_key = {}", r(40, ALNUM + "/+"))
    add("slack bot token", "slack: invalid_auth {}", "xo" + "xb-" + r(12, string.digits) + "-" + r(24))
    add("jwt", "Cookie: session={}", "ey" + "J" + r(20, URLSAFE) + ".ey" + "J" + r(30, URLSAFE) + "." + r(43, URLSAFE))
    add("url password", "fatal: unable to access 'https://bot:{}@git.example.com/o/r.git/'", r(16))
    add("authorization header", "< Authorization: Bearer {}", r(40, URLSAFE))
    add("token=", "deploy: token={} expired", r(24))
    add("secret:", "  secret: {}", r(30))
    add("generic high-entropy", "upload failed for {} (HTTP 401)", r(40, ALNUM))
    return out
