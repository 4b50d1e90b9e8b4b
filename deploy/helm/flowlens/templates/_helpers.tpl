{{/* Name of every object: the release name, or "flowlens" inside it. */}}
{{- define "flowlens.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "flowlens.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "flowlens.labels" -}}
{{ include "flowlens.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The shipper pods: their own name label, so the Service (which selects flowlens.selectorLabels) never picks them. */}}
{{- define "flowlens.shipperSelectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}-shipper
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Where a pod finds the ClickHouse password (the Secret's key mounted as a file). */}}
{{- define "flowlens.clickhousePasswordDir" -}}
/var/run/secrets/flowlens/clickhouse
{{- end -}}

{{/* The pod security context: the image's non-root user, or uid 0 (no capabilities) for root-only logs. */}}
{{- define "flowlens.podSecurityContext" -}}
{{ if .asRoot -}}
runAsNonRoot: false
runAsUser: 0
runAsGroup: 0
{{- else -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
{{- end }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The ClickHouse user from the Secret (an env item; with clickhouse.existingSecret only). */}}
{{- define "flowlens.clickhouseUserEnv" -}}
- name: FLOWLENS_CLICKHOUSE_USER
  valueFrom:
    secretKeyRef:
      name: {{ .Values.clickhouse.existingSecret }}
      key: {{ .Values.clickhouse.userKey }}
{{- end -}}

{{/* The volume of the ClickHouse password: only its key of the Secret. */}}
{{- define "flowlens.clickhousePasswordVolume" -}}
- name: clickhouse-password
  secret:
    secretName: {{ .Values.clickhouse.existingSecret }}
    defaultMode: 0444
    items:
      - key: {{ .Values.clickhouse.passwordKey }}
        path: {{ .Values.clickhouse.passwordKey }}
{{- end -}}
