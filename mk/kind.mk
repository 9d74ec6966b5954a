# --- the whole system on a local kind cluster (k8s/README.md): Docker, kind and kubectl needed ---
# CLUSTER (dealstream), COMPONENTS (e.g. scale-out,observability), BASE_IMAGE are read by k8s/kind/kind.sh
.PHONY: kind-up kind-watch kind-lag kind-demo kind-redrive kind-rebuild kind-down

kind-up: ## run the system on a kind cluster: create it, build and load the images, apply k8s/kind, wait, print the URLs (COMPONENTS=scale-out,observability)
	@k8s/kind/kind.sh up

kind-watch: ## stream the events of the in-cluster broker, one line each, from a pod in the cluster (TOPIC=..., FROM=beginning)
	@k8s/kind/kind.sh watch

kind-demo: ## walk through the deal on the kind cluster, from a pod in the cluster (needs a fresh deployment)
	@k8s/kind/kind.sh demo

kind-down: ## delete the kind cluster and everything in it
	@k8s/kind/kind.sh down

kind-lag: ## the consumer groups' lag on the in-cluster broker, from a pod in the cluster (GROUP=..., WATCH=2 repeats)
	@k8s/kind/kind.sh lag

kind-redrive: ## send a service's dead-lettered tranche records through its view again, from a pod in the cluster (SERVICE=compute|distribution)
	@k8s/kind/kind.sh redrive

kind-rebuild: ## rebuild a service's funding view from the in-cluster tranche topic, from a pod in the cluster (SERVICE=compute|distribution)
	@k8s/kind/kind.sh rebuild
