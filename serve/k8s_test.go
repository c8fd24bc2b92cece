package serve

// The Kubernetes manifest in docs/serve-k8s.json, for a room of 200: its
// fields must fit burk serve, or a teacher finds out in front of the room.

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
)

type manifest struct {
	Items []struct {
		Kind     string `json:"kind"`
		Metadata struct {
			Labels map[string]string `json:"labels"`
		} `json:"metadata"`
		Spec struct {
			Replicas int `json:"replicas"`
			Selector struct {
				MatchLabels map[string]string `json:"matchLabels"`
			} `json:"selector"`
			Template struct {
				Metadata struct {
					Labels map[string]string `json:"labels"`
				} `json:"metadata"`
				Spec struct {
					HostUsers                 *bool `json:"hostUsers"`
					TopologySpreadConstraints []struct {
						MaxSkew           int    `json:"maxSkew"`
						TopologyKey       string `json:"topologyKey"`
						WhenUnsatisfiable string `json:"whenUnsatisfiable"`
						LabelSelector     struct {
							MatchLabels map[string]string `json:"matchLabels"`
						} `json:"labelSelector"`
					} `json:"topologySpreadConstraints"`
					Containers []struct {
						Args  []string `json:"args"`
						Ports []struct {
							Name          string `json:"name"`
							ContainerPort int    `json:"containerPort"`
						} `json:"ports"`
						SecurityContext struct {
							Privileged bool `json:"privileged"`
						} `json:"securityContext"`
					} `json:"containers"`
				} `json:"spec"`
			} `json:"template"`
			// the Service's
			Type                  string `json:"type"`
			SessionAffinity       string `json:"sessionAffinity"`
			ExternalTrafficPolicy string `json:"externalTrafficPolicy"`
			Ports                 []struct {
				Port       int    `json:"port"`
				TargetPort string `json:"targetPort"`
			} `json:"ports"`
		} `json:"spec"`
	} `json:"items"`
}

func TestKubernetesManifestFitsBurkServe(t *testing.T) {
	data, err := os.ReadFile("../docs/serve-k8s.json")
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Items []struct {
			Spec struct {
				Selector json.RawMessage `json:"selector"`
			} `json:"spec"`
		} `json:"items"`
	}
	json.Unmarshal(data, &raw)
	if len(m.Items) != 2 || m.Items[0].Kind != "Deployment" || m.Items[1].Kind != "Service" {
		t.Fatalf("the manifest holds %d items; want a Deployment, then a Service", len(m.Items))
	}
	d, svc := m.Items[0].Spec, m.Items[1].Spec
	pod := d.Template.Spec
	if len(pod.Containers) != 1 {
		t.Fatalf("%d containers in the pod, want burk alone", len(pod.Containers))
	}
	c := pod.Containers[0]
	// burk serve makes user namespaces with id ranges of the host's, and
	// cgroups: the pod must run as the host's root, privileged.
	if !c.SecurityContext.Privileged || pod.HostUsers == nil || !*pod.HostUsers {
		t.Errorf("the pod is privileged=%v hostUsers=%v; burk serve needs both", c.SecurityContext.Privileged, pod.HostUsers)
	}
	if len(c.Args) == 0 || c.Args[0] != "serve" {
		t.Errorf("the container's args %v do not run burk serve", c.Args)
	}
	i := slices.Index(c.Args, "--listen")
	if i < 0 || i+1 >= len(c.Args) || c.Args[i+1] != ":2222" || len(c.Ports) != 1 || c.Ports[0].ContainerPort != 2222 {
		t.Errorf("burk listens on %v, the pod exposes %+v; want :2222 both", c.Args, c.Ports)
	}
	if !slices.Contains(c.Args, "--code") && !slices.Contains(c.Args, "--keys") {
		t.Errorf("args %v give no way in (--code or --keys): burk serve would refuse to start", c.Args)
	}
	for k, v := range d.Selector.MatchLabels {
		if d.Template.Metadata.Labels[k] != v {
			t.Errorf("the Deployment's selector %s=%s does not match its pods' labels", k, v)
		}
	}
	var svcSel map[string]string
	json.Unmarshal(raw.Items[1].Spec.Selector, &svcSel)
	for k, v := range svcSel {
		if d.Template.Metadata.Labels[k] != v {
			t.Errorf("the Service's selector %s=%s does not match the pods", k, v)
		}
	}
	// A learner who reconnects must reach the pod that keeps their progress.
	if svc.SessionAffinity != "ClientIP" {
		t.Errorf("the Service's sessionAffinity is %q, want ClientIP", svc.SessionAffinity)
	}
	// burk serve's limits go by the client's address: with the default
	// policy, Cluster, kube-proxy puts a node's address in its place.
	if svc.ExternalTrafficPolicy != "Local" {
		t.Errorf("the Service's externalTrafficPolicy is %q, want Local", svc.ExternalTrafficPolicy)
	}
	// With Local, the cloud's load balancer shares connections between
	// nodes, not pods: two pods on one node would each get half a node's
	// share while the others fill and turn learners away.
	spread := false
	for _, tc := range pod.TopologySpreadConstraints {
		sel := len(tc.LabelSelector.MatchLabels) > 0
		for k, v := range tc.LabelSelector.MatchLabels {
			if d.Template.Metadata.Labels[k] != v {
				sel = false
			}
		}
		if tc.MaxSkew == 1 && tc.TopologyKey == "kubernetes.io/hostname" && tc.WhenUnsatisfiable == "DoNotSchedule" && sel {
			spread = true
		}
	}
	if !spread {
		t.Errorf("the pods' topologySpreadConstraints %+v do not put one pod on a node (maxSkew 1 over kubernetes.io/hostname, DoNotSchedule, selecting the pods)", pod.TopologySpreadConstraints)
	}
	if len(svc.Ports) != 1 || svc.Ports[0].TargetPort != c.Ports[0].Name {
		t.Errorf("the Service targets %+v, the container's port is named %q", svc.Ports, c.Ports[0].Name)
	}
	// 200 learners at the --max-sessions each pod takes.
	j := slices.Index(c.Args, "--max-sessions")
	if j < 0 || j+1 >= len(c.Args) {
		t.Fatalf("args %v set no --max-sessions", c.Args)
	}
	var per int
	json.Unmarshal([]byte(c.Args[j+1]), &per)
	if d.Replicas*per < 200 {
		t.Errorf("%d pods × %d sessions = %d places, want 200", d.Replicas, per, d.Replicas*per)
	}
}
