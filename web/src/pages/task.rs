//! A task's page: its steps (the engine's operations of the task, in step order), each a link,
//! and the form of the one chosen, which names the API operation it sends.

use crate::components::operation_form::OperationForm;
use crate::i18n::{current_lang, t, Lang};
use crate::route::Page;
use vpnroute_rules::ops::{Task, TaskStep};
use vpnroute_rules::Operation;
use yew::prelude::*;

/// The task's name in `lang`.
pub fn task_title(lang: Lang, task: Task) -> &'static str {
    match task {
        Task::DestinationRoutes => t(lang, "task.destination-routes"),
        Task::PolicyRoutes => t(lang, "task.policy-routes"),
        Task::VcoRoutes => t(lang, "task.vco-routes"),
        Task::Connections => t(lang, "task.connections"),
    }
}

/// The step's name in `lang`.
pub fn step_title(lang: Lang, step: TaskStep) -> &'static str {
    match step {
        TaskStep::Add => t(lang, "step.add"),
        TaskStep::List => t(lang, "step.list"),
        TaskStep::ChangeWeight => t(lang, "step.change-weight"),
        TaskStep::ChangePriority => t(lang, "step.change-priority"),
        TaskStep::ChangeAttributes => t(lang, "step.change-attributes"),
        TaskStep::Publish => t(lang, "step.publish"),
        TaskStep::Delete => t(lang, "step.delete"),
    }
}

#[derive(Properties, PartialEq)]
pub struct TaskPageProps {
    pub task: Task,
    pub operation: Operation,
}

#[component]
pub fn TaskPage(props: &TaskPageProps) -> Html {
    let lang = current_lang();
    let (task, shown) = (props.task, props.operation);
    html! {
        <section class="task" aria-labelledby="task-title" data-task={task.slug()}>
            <h2 id="task-title">{ task_title(lang, task) }</h2>
            if task.operations().len() > 1 {
                <nav class="steps" aria-label={t(lang, "steps.label")}>
                    <ul>
                        { for task.operations().into_iter().map(|operation| html! {
                            <li>
                                <a href={Page::of_operation(operation).hash()} data-step={operation.step().slug()}
                                    aria-current={(operation == shown).then_some("page")}>
                                    { step_title(lang, operation.step()) }
                                </a>
                            </li>
                        }) }
                    </ul>
                </nav>
            }
            <OperationForm key={shown.name()} operation={shown} />
        </section>
    }
}
