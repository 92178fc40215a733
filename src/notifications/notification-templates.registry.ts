import { Injectable } from '@nestjs/common';

export interface RenderedMessage {
  /** E-mail subject; ignored by SMS and Slack. */
  subject?: string;
  text: string;
}

/** Renders a row's payload; `P` is the shape the registering module writes its rows in. */
export type TemplateRenderer<P extends object = Record<string, unknown>> = (payload: P) => RenderedMessage | Promise<RenderedMessage>;

/**
 * Templates are registered by the domain that sends them, so the
 * notifications module knows no domain.
 */
@Injectable()
export class NotificationTemplateRegistry {
  private readonly templates = new Map<string, TemplateRenderer>();

  register<P extends object = Record<string, unknown>>(template: string, render: TemplateRenderer<P>): void {
    if (this.templates.has(template)) throw new Error(`notification template ${template} is registered twice`);
    // The rows of a template are written by the module that registers it, in the shape it renders.
    this.templates.set(template, render as unknown as TemplateRenderer);
  }

  async render(template: string, payload: Record<string, unknown>): Promise<RenderedMessage> {
    const render = this.templates.get(template);
    if (!render) throw new Error(`no notification template named ${template}`);
    return render(payload);
  }
}
