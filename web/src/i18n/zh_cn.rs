//! The console's chrome in Simplified Chinese, sorted by key, in the words of Alibaba Cloud's
//! own Chinese console where it has one.

pub const TEXTS: &[(&str, &str)] = &[
    (
        "app.tagline",
        "在服务拒绝之前检查 VPN 网关的路由变更，然后再发送。",
    ),
    ("findings.marker", "问题 {number}（{rule}）"),
    ("findings.none", "没有冲突或被遮蔽的路由。"),
    (
        "findings.summary",
        "共 {count} 个问题，按规则列在下方；每一项都链接到相关的行。",
    ),
    ("findings.title", "检查结果（{count}）"),
    ("gateway.destination-row", "目的路由第 {row} 行"),
    ("gateway.policy-row", "策略路由第 {row} 行"),
    ("lang.label", "语言"),
    ("nav.label", "页面"),
    ("page.audit", "审计日志"),
    ("page.gateway", "网关概览"),
    ("page.lookup", "流量走哪条路由？"),
    ("page.plan", "计划与执行"),
    ("plan.request-row", "第 {row} 个请求"),
    ("plan.use", "改为 {value}"),
    ("step.add", "添加"),
    ("step.change-attributes", "修改权重和优先级"),
    ("step.change-priority", "修改优先级"),
    ("step.change-weight", "修改权重"),
    ("step.delete", "删除"),
    ("step.list", "查看"),
    ("step.publish", "发布或撤销发布"),
    ("steps.label", "要做什么"),
    ("task.connections", "IPsec连接"),
    ("task.destination-routes", "目的路由"),
    ("task.policy-routes", "策略路由"),
    ("task.sends", "发送"),
    ("task.vco-routes", "转发路由器连接"),
];
