#!/usr/bin/env python3
"""Writes module/data/wordlists/subdomains.txt: labels for API and cloud hosts, most likely first.

The list is made here from our own vocabulary (no third-party list is copied): single words first (Find-Subdomain's
-Recurse uses the first 256 labels under found names), then environment, version, index, region and API
combinations of the most common service words. Run: python3 src/build/New-SubdomainWordlist.py
"""
import os

# Most likely first: the infrastructure and API names every organisation has.
CORE = """www api mail app apps portal admin dev staging test cdn static auth login sso vpn gateway graphql
status docs developer developers console dashboard cloud edge corp legacy beta demo sandbox m mobile
ns1 ns2 ns3 dns mx smtp imap pop webmail remote git gitlab jenkins ci build jira wiki confluence grafana kibana
prometheus monitor monitoring metrics logs logging sentry vault consul k8s kubernetes cluster registry docker
harbor nexus artifactory sonar s3 storage files media assets img images upload uploads download downloads
backup db sql mysql postgres redis mongo elastic search kafka mq queue rabbitmq broker stream events
webhook webhooks callback hooks notify notifications push sms email payments pay billing invoice checkout
cart shop store orders order catalog inventory products product pricing accounts account users user profile
identity id idp oauth oauth2 openid oidc saml token tokens keys jwks session partner partners b2b b2c
customer customers client clients crm erp hr finance reports reporting analytics insights data bi
etl lake warehouse ml ai model inference chat bot support help helpdesk ticket tickets feedback forum
community blog news marketing landing promo go link links short url redirect proxy lb loadbalancer ingress
origin internal intranet extranet private public secure ssl tls waf firewall fw router gw
service services svc microservice backend frontend web web1 web2 server host node worker jobs cron scheduler
batch task tasks rpc grpc rest soap xml json ws wss socket websocket realtime live video audio voice call
meet conference calendar map maps geo location tracking track tracker telemetry ingest collector agent
device devices iot sensor firmware update updates ota release releases version versions v1 v2 v3 v4
api1 api2 api3 rest-api public-api private-api internal-api partner-api mobile-api open-api openapi swagger
api-docs apidocs apis api-gateway apigw apim api-management developer-portal devportal graph graphiql
playground explorer spec specs schema schemas sdk sdks cli console-api admin-api admin-panel panel cp
control controlpanel manage management manager ops devops sre infra infrastructure platform core common
shared hub central main primary secondary master slave replica standby dr failover ha
aws azure gcp k8s-api eks aks gke lambda functions function fn faas serverless edge-api worker-api
cloudfront akamai fastly cloudflare heroku vercel netlify firebase supabase
staging-api dev-api test-api qa-api uat-api prod-api sandbox-api beta-api demo-api
checkout-api payments-api orders-api users-api auth-api search-api
""".split()

# The service words that get combined (most common first).
SERVICES = """api auth gateway graphql sso payments orders users billing search admin portal mobile-api partner
webhooks events files media reports inventory catalog checkout identity oauth login accounts notifications
analytics metrics developer app web cdn static assets docs status console dashboard storage upload backend
frontend grpc rest ws socket chat support shop store cart pricing products profile customer crm data
ml ai monitor logs registry git ci jenkins vault proxy ingress edge""".split()

ENVS = """dev staging test qa uat sandbox preprod beta demo prod stage int integration perf load old new legacy
next canary preview internal ext external alpha rc""".split()

VERSIONS = ["v1", "v2", "v3"]
REGIONS = """us eu uk ap asia au ca de fr jp sg in br us-east us-west eu-west eu-central ap-south
ap-southeast""".split()


def main():
    seen = set()
    out = []

    def add(label):
        label = label.strip().lower()
        if not label or label in seen or len(label) > 63:
            return
        if label.startswith("-") or label.endswith("-"):
            return
        seen.add(label)
        out.append(label)

    for w in CORE:
        add(w)
    for w in SERVICES:
        add(w)
    for w in ENVS:
        add(w)
    for env in ENVS:
        for svc in SERVICES:
            add(f"{env}-{svc}")
    for svc in SERVICES:
        for env in ENVS:
            add(f"{svc}-{env}")
    for svc in SERVICES:
        for v in VERSIONS:
            add(f"{svc}-{v}")
            add(f"{svc}{v}")
        for i in (1, 2, 3):
            add(f"{svc}{i}")
            add(f"{svc}-{i}")
    for svc in SERVICES[:24]:
        for region in REGIONS:
            add(f"{svc}-{region}")
    for svc in SERVICES:
        add(f"api-{svc}")
        add(f"{svc}-api")
        add(f"{svc}-service")
        add(f"{svc}-svc")

    path = os.path.join(os.path.dirname(__file__), "../../module/data/wordlists/subdomains.txt")
    with open(path, "w", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    print(f"{len(out)} labels -> {os.path.normpath(path)}")


if __name__ == "__main__":
    main()
