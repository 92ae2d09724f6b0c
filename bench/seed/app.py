"""The seed's backend, rebuilt from its contract (docs/DESIGN.md, "The seed's contract") for the
control-plane benchmark: FastAPI, the official Kubernetes client, one Job per POST /investigate.

Run: SEED_KUBE_URL=http://127.0.0.1:PORT SEED_API_KEY=... python3 -m uvicorn app:app
"""

import os
import uuid

from fastapi import FastAPI, Header, HTTPException
from kubernetes import client
from pydantic import BaseModel

NAMESPACE = os.environ.get("SEED_NAMESPACE", "oats")
AGENT_IMAGE = os.environ.get("AGENT_IMAGE", "oats-agent:latest")
SECRET = os.environ.get("API_KEY_SECRET_NAME", "oats-api-keys")
API_KEY = os.environ["SEED_API_KEY"]

configuration = client.Configuration()
configuration.host = os.environ["SEED_KUBE_URL"].rstrip("/")
configuration.verify_ssl = False
batch = client.BatchV1Api(client.ApiClient(configuration))

app = FastAPI()


class InvestigateRequest(BaseModel):
    goal: str
    target_namespace: str = "default"


def secret_env(name, key):
    return client.V1EnvVar(
        name=name,
        value_from=client.V1EnvVarSource(
            secret_key_ref=client.V1SecretKeySelector(name=SECRET, key=key)
        ),
    )


@app.post("/investigate")
def investigate(request: InvestigateRequest, x_api_key: str = Header(None)):
    if x_api_key != API_KEY:
        raise HTTPException(status_code=401, detail="Invalid API key")
    name = "oats-agent-run-" + uuid.uuid4().hex[:8]
    job = client.V1Job(
        api_version="batch/v1",
        kind="Job",
        metadata=client.V1ObjectMeta(name=name, labels={"app": "oats-agent"}),
        spec=client.V1JobSpec(
            backoff_limit=1,
            ttl_seconds_after_finished=300,
            template=client.V1PodTemplateSpec(
                spec=client.V1PodSpec(
                    restart_policy="Never",
                    containers=[
                        client.V1Container(
                            name="oats-agent",
                            image=AGENT_IMAGE,
                            env=[
                                client.V1EnvVar(name="OATS_GOAL", value=request.goal),
                                client.V1EnvVar(
                                    name="TARGET_NAMESPACE", value=request.target_namespace
                                ),
                                secret_env("ANTHROPIC_API_KEY", "anthropic-api-key"),
                                secret_env("OPENAI_API_KEY", "openai-api-key"),
                            ],
                        )
                    ],
                )
            ),
        ),
    )
    batch.create_namespaced_job(namespace=NAMESPACE, body=job)
    return {
        "message": "Investigation started",
        "job_name": name,
        "job_id": name,
        "command_to_check_logs": f"kubectl logs -f job/{name} -n {NAMESPACE}",
    }
