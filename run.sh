#!/usr/bin/env bash
# Runs PaperMail for a first look: a dev inbox (smtp4dev on 127.0.0.1), PaperMail in Development with the demo papers,
# and the URLs to open. Ctrl+C stops everything this script started. Needs only the .NET SDK.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

WEB_PORT=${PAPERMAIL_PORT:-5080}
INBOX_PORT=${PAPERMAIL_INBOX_PORT:-5081}
SMTP_PORT=${PAPERMAIL_SMTP_PORT:-2525}

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# A plain HTTP GET with bash alone (curl may not be installed).
healthy() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 && head -n 1 <&3 | grep -q ' 200') 2>/dev/null
}
for pair in "PaperMail web:$WEB_PORT:PAPERMAIL_PORT" "dev inbox web:$INBOX_PORT:PAPERMAIL_INBOX_PORT" "dev inbox SMTP:$SMTP_PORT:PAPERMAIL_SMTP_PORT"; do
  IFS=: read -r what port var <<<"$pair"
  if port_taken "$port"; then
    echo "Port $port ($what) is already in use on 127.0.0.1. Stop whatever uses it (is PaperMail already running?)," >&2
    echo "or choose another port:  $var=<port> ./run.sh" >&2
    exit 1
  fi
done

mkdir -p data
echo "Restoring tools and building (the first time takes a minute)…"
dotnet tool restore >/dev/null
dotnet build src/PaperMail.Web -v quiet -nologo >/dev/null

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo; echo "Stopping…"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

# The dev inbox: catches every email PaperMail sends; reachable from this machine only.
dotnet smtp4dev --urls="http://127.0.0.1:$INBOX_PORT" --bindaddress=127.0.0.1 --allowremoteconnections- \
  --smtpport="$SMTP_PORT" --imapport=0 --pop3port=0 --db="$root/data/smtp4dev.db" --nousersettings \
  >"$root/data/smtp4dev.log" 2>&1 &
pids+=($!)

# A fresh admin password and API key for this run (nothing secret is stored in the repository).
admin_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=' )
api_key=$(head -c 24 /dev/urandom | base64 | tr -d '/+=' )

ASPNETCORE_ENVIRONMENT=Development \
ConnectionStrings__PaperMail="Data Source=$root/data/papermail.db" \
PaperMail__PublicBaseUrl="http://127.0.0.1:$WEB_PORT" \
PaperMail__Smtp__Host=127.0.0.1 PaperMail__Smtp__Port="$SMTP_PORT" PaperMail__Smtp__Security=None \
PaperMail__Smtp__FromAddress=papermail@localhost.test PaperMail__Smtp__FromName=PaperMail \
PaperMail__Admin__Username=admin PaperMail__Admin__Password="$admin_password" PaperMail__Admin__ApiKey="$api_key" \
  dotnet run --no-build --project src/PaperMail.Web --urls "http://127.0.0.1:$WEB_PORT" >"$root/data/papermail.log" 2>&1 &
pids+=($!)

printf "Starting"
for _ in $(seq 1 120); do
  if healthy "$WEB_PORT"; then break; fi
  if ! kill -0 "${pids[1]}" 2>/dev/null; then echo; echo "PaperMail stopped; its log (data/papermail.log) ends with:" >&2; tail -n 30 data/papermail.log >&2; exit 1; fi
  printf "."; sleep 1
done
echo

cat <<MSG

PaperMail is running (Development; demo papers are being ingested).

  Subscribe:        http://127.0.0.1:$WEB_PORT/
  Dev inbox:        http://127.0.0.1:$INBOX_PORT/   (every email PaperMail sends lands here)
  Admin:            http://127.0.0.1:$WEB_PORT/admin   user: admin   password: $admin_password
  Job dashboard:    http://127.0.0.1:$WEB_PORT/admin/jobs
  Admin API key:    $api_key   (header X-Api-Key, e.g. curl -X POST -H "X-Api-Key: $api_key" http://127.0.0.1:$WEB_PORT/api/admin/jobs/match)

In Development the match and digest jobs run every minute, and daily digests go out at any hour: subscribe, confirm
from the dev inbox, and the first digest arrives within a minute or two (weekly ones wait for Monday). The admin
page has buttons to run ingest, match and digest now.
Logs: data/papermail.log, data/smtp4dev.log. Press Ctrl+C to stop.
MSG

wait -n "${pids[@]}" || true
echo "A process exited; see data/papermail.log and data/smtp4dev.log." >&2
